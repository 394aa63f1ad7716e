// Package redisstore keeps smskit's shared state on Redis, so that every
// instance of an application agrees: LimitStore is a middleware.Store (the
// per-recipient send history behind middleware.RecipientLimit) and
// VerifyStore is a verify.Store (pending verification codes). With the
// memory stores, N instances let a number receive N times its limit and a
// code issued by one instance cannot be checked by another; with these, a
// number's budget and a code are the fleet's.
//
// The package is named for what it holds, stores, and where: one package
// for both, as they share the client, the key scheme and the failure rules.
//
// # Client
//
// Any go-redis v9 redis.UniversalClient: a single node (redis.NewClient),
// Sentinel (redis.NewFailoverClient) or Cluster (redis.NewClusterClient).
// Create it with ContextTimeoutEnabled: true, or go-redis ignores the
// context's deadline and a slow Redis holds every call for the client's
// ReadTimeout; the constructors refuse such a *redis.Client or
// *redis.ClusterClient.
//
// # Rules
//
//   - One round trip per decision: each Take, Refund, Issue, Revoke and
//     Check is one Lua script (EVALSHA; EVAL when Redis does not have the
//     script yet, as after a restart), atomic on the server, so concurrent
//     calls from every instance decide as one would.
//   - Keys are PREFIX{HASH}: HASH is a keyed hash (HMAC-SHA-256 with
//     KeySecret; SHA-256 without) of the caller's key, never the number;
//     the braces are the Redis Cluster hash tag. Give each store its own
//     prefix (one per RecipientLimit kind: a store has one policy).
//   - Keys expire by themselves: a limit key when its newest send leaves the
//     policy's longest window, a verification verify.RecordGrace after its
//     last code expires. Memory per key is in the notes' BENCHMARKS section
//     (about 250 bytes at most with AliyunCodePolicy). Redis's maxmemory
//     caps the total: prefer noeviction or volatile-ttl to an LRU policy,
//     which would forget restricting keys.
//   - Time comes from the caller (CallerClock, the default: the injected
//     clock; keep instances in sync with NTP) or from the Redis server
//     (ServerClock: TIME inside the script, so that instances with skewed
//     clocks agree).
//   - Redis without persistence forgets every history and code when it
//     restarts: limits start again from zero and pending codes are
//     NotFound. Enable persistence (or replicas) where that matters.
//
// # When Redis is down
//
// Every call is bounded by its context (a context without a deadline only
// by the client's timeouts, ReadTimeout 5 s by default per try: give sends
// a deadline, such as StackOptions.Deadline). When Redis does not answer in
// time (unreachable, restarting, paused, overloaded), LimitStore.Take
// fails as LimitOptions.FailMode says: FailClosed (the default) refuses the
// send with an *Error, which middleware.RecipientLimit turns into an
// sms.Unavailable error, not accepted, wrapping it (errors.Is(err,
// ErrUnavailable)); FailOpen lets the send through unlimited and reports
// the *Error (FailOpen true) to LimitOptions.OnError. VerifyStore never
// guesses: Issue, Revoke and Check return an *Error and decide nothing.
// No goroutine is left behind: the store starts none, and go-redis ends
// a call at the context's deadline.
package redisstore
