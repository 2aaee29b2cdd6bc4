package dev.gatewise.calls;

import java.util.List;

/**
 * One call as the store keeps it, shared by every node: ringing while {@code calleeDevice} is null, active once a
 * device of the callee accepted ({@code acceptedAt}); a call that ended is gone from the store.
 */
public record Call(String callId, String caller, String callerDevice, String callee, List<String> media,
                   long createdAt, String calleeDevice, long acceptedAt) {

    public boolean active() {
        return calleeDevice != null;
    }

    public Call accepted(String device, long at) {
        return new Call(callId, caller, callerDevice, callee, media, createdAt, device, at);
    }

    public boolean isCaller(String user, String device) {
        return caller.equals(user) && callerDevice.equals(device);
    }

    /** The callee's accepting device, or while ringing any device of the callee. */
    public boolean isCallee(String user, String device) {
        return callee.equals(user) && (calleeDevice == null || calleeDevice.equals(device));
    }
}
