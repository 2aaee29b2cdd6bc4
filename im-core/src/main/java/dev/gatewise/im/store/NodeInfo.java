package dev.gatewise.im.store;

/**
 * What a node reports about itself for server assignment and monitoring.
 *
 * @param tcp the chat TCP address clients should use, host:port
 * @param webSocket the chat WebSocket URL clients should use
 * @param messagesPerSecond frames received per second over the last report interval
 * @param heartbeatAt when the node last reported (epoch ms)
 */
public record NodeInfo(String node, String tcp, String webSocket, int connections, double messagesPerSecond,
                       long heartbeatAt) {}
