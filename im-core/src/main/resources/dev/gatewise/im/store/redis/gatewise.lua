#!lua name=gatewise
-- The chat store's functions (Redis 7 FUNCTION LOAD). Loaded by every gateway at start and again when
-- Redis answers that they are missing (a Redis that restarted empty). Every function touches the
-- keys of one conversation (one hash tag, one cluster slot), or the one routes hash.
--
-- A conversation's messages are a list: a message's sequence number is its position, so RPUSH hands
-- it out and numbers have no gaps by construction. Each sender's client ids in the conversation are a
-- sorted set scored by sequence number: it dedupes resends, and its highest score is how far the
-- sender has read (writing a message means having read up to it), so a send moves no other key.

local function last_own(sent)
  local top = redis.call('ZRANGE', sent, -1, -1, 'WITHSCORES')
  return top[2] and tonumber(top[2]) or 0
end

-- KEYS: the conversation's log, the sender's sent set. ARGV: client id, message JSON, floor.
-- The floor is the highest sequence number this gateway has acknowledged in the conversation. When
-- the log is shorter, Redis lost acknowledged messages (a crash with appendfsync everysec or no):
-- their numbers stay taken by empty entries, so no number is ever handed out twice.
-- Answers {1, seq} for a new message, {0, seq, json} for a resend of an earlier one.
local function append(keys, args)
  local seq = redis.call('RPUSH', keys[1], args[2])
  local floor = tonumber(args[3])
  if seq <= floor then
    redis.call('RPOP', keys[1])
    for _ = seq, floor do redis.call('RPUSH', keys[1], '') end
    seq = redis.call('RPUSH', keys[1], args[2])
  end
  if redis.call('ZADD', keys[2], 'NX', seq, args[1]) == 0 then
    redis.call('RPOP', keys[1])
    local first = tonumber(redis.call('ZSCORE', keys[2], args[1]))
    return {0, first, redis.call('LINDEX', keys[1], first - 1)}
  end
  return {1, seq}
end

-- KEYS: the conversation's cursors, the user's sent set. ARGV: user␁KIND, seq, KIND.
-- Moves the stored cursor forward; answers 1 if the cursor as readers see it moved.
local function advance(keys, args)
  local stored = tonumber(redis.call('HGET', keys[1], args[1]) or '0')
  local seen = stored
  if args[3] == 'READ' then seen = math.max(stored, last_own(keys[2])) end
  local seq = tonumber(args[2])
  if seq > stored then redis.call('HSET', keys[1], args[1], args[2]) end
  if seq > seen then return 1 end
  return 0
end

-- KEYS and ARGV as for advance, without seq: the cursor as readers see it.
local function cursor(keys, args)
  local stored = tonumber(redis.call('HGET', keys[1], args[1]) or '0')
  if args[2] == 'READ' then return math.max(stored, last_own(keys[2])) end
  return stored
end

-- Routes: one hash, user → JSON {device: node}, so one HMGET finds every recipient of a batch.
local function routes_of(hash, user)
  local json = redis.call('HGET', hash, user)
  if json then return cjson.decode(json) end
  return {}
end

local function save_routes(hash, user, routes)
  if next(routes) == nil then
    redis.call('HDEL', hash, user)
    return 0
  end
  redis.call('HSET', hash, user, cjson.encode(routes))
  return 1
end

-- KEYS: routes. ARGV: user, device, node.
local function route_add(keys, args)
  local routes = routes_of(keys[1], args[1])
  routes[args[2]] = args[3]
  return save_routes(keys[1], args[1], routes)
end

-- KEYS: routes. ARGV: user, device, node. Drops the route only if it still points at that node
-- (the device may have moved on). Answers whether the user has routes left.
local function route_remove(keys, args)
  local routes = routes_of(keys[1], args[1])
  if routes[args[2]] == args[3] then routes[args[2]] = nil end
  return save_routes(keys[1], args[1], routes)
end

-- KEYS: routes. ARGV: a dead node, then users. Drops the node's routes of those users; answers the
-- users left without any route.
local function route_drop_node(keys, args)
  local gone = {}
  for i = 2, #args do
    local routes = routes_of(keys[1], args[i])
    for device, node in pairs(routes) do
      if node == args[1] then routes[device] = nil end
    end
    if save_routes(keys[1], args[i], routes) == 0 then gone[#gone + 1] = args[i] end
  end
  return gone
end

redis.register_function('gw_append', append)
redis.register_function('gw_advance', advance)
redis.register_function{function_name = 'gw_cursor', callback = cursor, flags = {'no-writes'}}
redis.register_function('gw_route_add', route_add)
redis.register_function('gw_route_remove', route_remove)
redis.register_function('gw_route_drop_node', route_drop_node)
