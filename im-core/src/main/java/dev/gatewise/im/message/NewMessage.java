package dev.gatewise.im.message;

import com.fasterxml.jackson.databind.JsonNode;

/** A message as a sender submits it, before the store gives it an id, a sequence number and a time. */
public record NewMessage(
        String conversation, String from, String to, String group, String kind, JsonNode content, String clientMsgId) {}
