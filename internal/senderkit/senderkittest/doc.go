// Package senderkittest holds what the tests of package fake and package
// dryrun share: the declared templates and the production Aliyun Sender
// they compare the in-memory senders with (Declared, AliyunOptions,
// NewAliyun), the tables of messages both must treat as the provider does
// (AliyunCases, ZeroOptionsCases), and the messages of their benchmarks
// (BenchMessages). Each package ranges over the tables with its own
// assertions: what it records, keeps and logs differs.
//
// It is internal and imported only by tests.
package senderkittest
