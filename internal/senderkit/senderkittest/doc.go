// Package senderkittest holds what the tests of package fake and package
// dryrun share: the declared templates and the production Aliyun Sender
// they compare the in-memory senders with (Declared, AliyunOptions,
// NewAliyun), the tables of messages both must treat as the provider does
// (AliyunCases, ZeroOptionsCases) with the checks of each message
// (SendLikeAliyun, SendLikeTheCore), and the messages and concurrent runs of
// their benchmarks (BenchMessages, Warm, BenchConcurrent). Each package
// ranges over the tables with its own assertions besides: what it records,
// keeps and logs differs.
//
// It is internal and imported only by tests.
package senderkittest
