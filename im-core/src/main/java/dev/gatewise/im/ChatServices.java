package dev.gatewise.im;

import dev.gatewise.im.access.StoreAccessCheck;
import dev.gatewise.im.config.ChatSettings;
import dev.gatewise.im.account.AccountService;
import dev.gatewise.im.delivery.ConversationListService;
import dev.gatewise.im.delivery.MessagingService;
import dev.gatewise.im.delivery.ReceiptService;
import dev.gatewise.im.group.GroupService;
import dev.gatewise.im.metrics.ChatMetrics;
import dev.gatewise.im.presence.PresenceService;
import dev.gatewise.im.session.ConnectionRegistry;
import dev.gatewise.im.store.ChatStores;
import io.netty.util.concurrent.EventExecutorGroup;

/**
 * What a protocol adapter beside the JSON protocol needs of one node's engine: its services, the registry its
 * connections join (so fan-out reaches them), the worker threads that may block on the store, this node's id in
 * the node table, and the one access check its logins go through.
 */
public record ChatServices(String nodeId, ChatSettings settings, ChatStores stores, ChatMetrics metrics,
                           ConnectionRegistry connections, EventExecutorGroup workers, StoreAccessCheck access,
                           AccountService accounts, MessagingService messaging, ReceiptService receipts,
                           ConversationListService conversations, GroupService groups, PresenceService presence) {}
