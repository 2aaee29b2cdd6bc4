package dev.gatewise.im.access;

import dev.gatewise.access.AccessCheck;
import dev.gatewise.access.AccessDenied;
import dev.gatewise.access.AccessRequest;
import dev.gatewise.access.Action;
import dev.gatewise.access.Credentials;
import dev.gatewise.access.Protocol;
import dev.gatewise.access.SessionEnd;
import dev.gatewise.im.config.ChatSettings;
import dev.gatewise.im.account.AccountService;
import dev.gatewise.im.account.LoginThrottle;
import dev.gatewise.im.account.PasswordVerifier;
import dev.gatewise.im.delivery.ConversationAccess;
import dev.gatewise.im.message.ConversationId;
import dev.gatewise.im.store.SessionToken;
import dev.gatewise.im.session.TokenService;
import dev.gatewise.im.store.ChatStores;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The access check over the chat store: session tokens and passwords say who it is; the rule of the action, over
 * accounts and group memberships, says whether they may. The one rule underneath: who may read a conversation may
 * watch its streams and fetch its files. Holds the node's one {@link TokenService} and {@link AccountService}.
 * A protocol whose clients send the password in another form registers its {@link PasswordVerifier}.
 * Blocking (store reads; a password costs an Argon2id hash).
 */
public final class StoreAccessCheck implements AccessCheck {

    /** What an action asks of whoever presents credentials. */
    public enum Rule {
        /** Anyone, with or without credentials (which are not even looked at). */
        OPEN,
        /** Any signed-in user. */
        SIGNED_IN,
        /** The resource's owner; anyone signed in while it has none yet (a new upload). */
        OWNER,
        /** The owner, or a reader of any conversation the resource belongs to. */
        OWNER_OR_READER,
        /** A reader of every conversation named (any signed-in user when none is). */
        READER
    }

    private final TokenService tokens;
    private final AccountService accounts;
    private final ConversationAccess conversations;
    private final Map<Action, Rule> rules = new EnumMap<>(Map.of(
            Action.LOGIN, Rule.SIGNED_IN,
            Action.API, Rule.SIGNED_IN,
            Action.PUBLISH, Rule.READER,
            // The publisher, or a reader of the conversation the stream is announced in (a public stream is not
            // asked about: the relay lets anyone in).
            Action.PLAY, Rule.OWNER_OR_READER,
            Action.UPLOAD, Rule.OWNER,
            Action.DOWNLOAD, Rule.OWNER_OR_READER,
            Action.CALL, Rule.READER));
    private final Map<Protocol, PasswordVerifier> verifiers = new ConcurrentHashMap<>();

    /** Over {@code stores}, with the token lifetime and login throttling of {@code settings}. */
    public StoreAccessCheck(ChatStores stores, ChatSettings settings) {
        this.tokens = new TokenService(stores.tokens(), settings.getTokenTtl(), stores.bus());
        this.accounts = new AccountService(stores.accounts(), stores.keyValue("usernames"), tokens,
                new LoginThrottle(stores.attempts(), settings.getLoginFailuresPerAccount(),
                        settings.getLoginFailuresPerAddress(), settings.getLoginThrottleWindow()));
        accounts.indexExistingNames();
        this.conversations = new ConversationAccess(stores.groups());
    }

    /** The tokens this check accepts, to issue and revoke them. */
    public TokenService tokens() {
        return tokens;
    }

    public AccountService accounts() {
        return accounts;
    }

    /**
     * Passwords presented over {@code protocol} are checked by {@code verifier} (TeamTalk's MD5 hex) instead of
     * against the account's hash; throttled the same.
     */
    public void verifyPasswordsOf(Protocol protocol, PasswordVerifier verifier) {
        verifiers.put(protocol, verifier);
    }

    @Override
    public String check(AccessRequest request) {
        Rule rule = rules.get(request.action());
        if (rule == Rule.OPEN) {
            return null;
        }
        String user = authenticate(request);
        authorize(user, rule, request);
        return user;
    }

    @Override
    public Watch watch(String token, Consumer<SessionEnd> ended) {
        return tokens.watch(token, ended);
    }

    @Override
    public void authorize(String user, AccessRequest request) {
        authorize(user, rules.get(request.action()), request);
    }

    private String authenticate(AccessRequest request) {
        Credentials credentials = request.credentials();
        if (credentials.token() != null) {
            Optional<SessionToken> session = tokens.lookup(credentials.token());
            if (session.isEmpty()) {
                throw new AccessDenied(AccessDenied.Reason.INVALID, "unknown token; log in again");
            }
            if (session.get().expiredAt(System.currentTimeMillis())) {
                throw new AccessDenied(AccessDenied.Reason.EXPIRED, "token expired; log in again");
            }
            return session.get().user();
        }
        if (credentials.user() != null) {
            // Throttled per account, and per address when the request names one (LoginThrottledException passes
            // through).
            PasswordVerifier verifier = verifiers.get(request.protocol());
            Optional<String> user = verifier == null
                    ? accounts.verify(credentials.user(), credentials.password(), request.client())
                    : accounts.verify(credentials.user(), credentials.password(), request.client(), verifier);
            return user.orElseThrow(() -> new AccessDenied(AccessDenied.Reason.INVALID, "wrong username or password"));
        }
        throw new AccessDenied(AccessDenied.Reason.NO_CREDENTIALS, "no credentials");
    }

    private void authorize(String user, Rule rule, AccessRequest request) {
        switch (rule) {
            case OPEN, SIGNED_IN -> { }
            case OWNER -> {
                if (request.owner() != null && !request.owner().equals(user)) {
                    throw forbidden("only the uploader may do this");
                }
            }
            case OWNER_OR_READER -> {
                if (!user.equals(request.owner())
                        && request.conversations().stream().noneMatch(c -> reads(user, c))) {
                    throw forbidden(request.action() == Action.PLAY ? "this stream is not shared with you"
                            : "this file was not shared with you");
                }
            }
            case READER -> {
                for (String conversation : request.conversations()) {
                    ConversationId id = ConversationId.parse(conversation);
                    if (!reads(user, conversation)) {
                        throw forbidden(id != null && !id.isDirect() ? "you are not a member of group " + id.group()
                                : "you are not in conversation " + conversation);
                    }
                    if (id.isDirect() && !accounts.exists(id.peerOf(user))) {
                        throw forbidden("no user '" + id.peerOf(user) + "'");
                    }
                }
            }
        }
    }

    private boolean reads(String user, String conversation) {
        ConversationId id = ConversationId.parse(conversation);
        return id != null && conversations.allows(user, id);
    }

    private static AccessDenied forbidden(String message) {
        return new AccessDenied(AccessDenied.Reason.FORBIDDEN, message);
    }
}
