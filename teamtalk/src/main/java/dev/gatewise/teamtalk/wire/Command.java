package dev.gatewise.teamtalk.wire;

import java.util.HashMap;
import java.util.Map;

/** The (service id, command id) pairs this server reads or writes, with TeamTalk's numbers. */
public enum Command {
    LOGIN_REQ(1, 0x0103),
    LOGIN_RES(1, 0x0104),
    LOGOUT_REQ(1, 0x0105),
    LOGOUT_RES(1, 0x0106),
    KICK_USER(1, 0x0107),
    RECENT_SESSION_REQ(2, 0x0201),
    RECENT_SESSION_RES(2, 0x0202),
    USER_STATUS_NOTIFY(2, 0x0203),
    USER_INFO_REQ(2, 0x0204),
    USER_INFO_RES(2, 0x0205),
    ALL_USER_REQ(2, 0x0208),
    ALL_USER_RES(2, 0x0209),
    USERS_STATUS_REQ(2, 0x020a),
    USERS_STATUS_RES(2, 0x020b),
    MSG_DATA(3, 0x0301),
    MSG_DATA_ACK(3, 0x0302),
    MSG_READ_ACK(3, 0x0303),
    MSG_READ_NOTIFY(3, 0x0304),
    TIME_REQ(3, 0x0305),
    TIME_RES(3, 0x0306),
    UNREAD_CNT_REQ(3, 0x0307),
    UNREAD_CNT_RES(3, 0x0308),
    MSG_LIST_REQ(3, 0x0309),
    MSG_LIST_RES(3, 0x030a),
    LATEST_MSG_ID_REQ(3, 0x030b),
    LATEST_MSG_ID_RES(3, 0x030c),
    GROUP_LIST_REQ(4, 0x0401),
    GROUP_LIST_RES(4, 0x0402),
    GROUP_INFO_REQ(4, 0x0403),
    GROUP_INFO_RES(4, 0x0404),
    HEARTBEAT(7, 0x0701);

    private static final Map<Integer, Command> BY_KEY = new HashMap<>();

    static {
        for (Command command : values()) {
            BY_KEY.put(key(command.service, command.id), command);
        }
    }

    private final int service;
    private final int id;

    Command(int service, int id) {
        this.service = service;
        this.id = id;
    }

    public int service() {
        return service;
    }

    public int id() {
        return id;
    }

    /** Null for a pair this server does not know. */
    public static Command of(int service, int id) {
        return BY_KEY.get(key(service, id));
    }

    private static int key(int service, int id) {
        return service << 16 | id;
    }
}
