// Package bulk sends one template to many recipients: a stream read one
// recipient at a time, sent in batches where the sender can
// (sms.BatchSender, such as Aliyun's SendBatchSms: 100 numbers a call) and
// as concurrent single sends otherwise, at a capped number of calls per
// second, with progress reports and an optional journal that makes a run
// resumable after a crash without sending twice.
//
//	j, err := bulk.OpenJournal("outage.jsonl", bulk.JournalOptions{Key: key})
//	...
//	sum, err := bulk.Send(ctx, sender, recipients, bulk.Options{
//		Template:       "outage_notice",
//		CallsPerSecond: 2000,
//		Journal:        j,
//		Progress:       func(p bulk.Progress) { log.Printf("%d sent, ETA %s", p.Sent(), p.ETA()) },
//	})
//
// # Rules
//
//   - Every recipient gets exactly one outcome: Accepted, NotAccepted or
//     PossiblyAccepted (or Skipped, from the journal). A batch call that
//     may have been accepted makes every recipient in it possibly
//     accepted.
//   - With a journal, a recipient is journaled "started" before its call
//     and with its outcome after it; a rerun sends only to recipients the
//     journal has no entry for (and, with RetryNotAccepted, to those not
//     accepted). A crash between the two lines leaves the recipient
//     possibly accepted: never sent again; see ToReconcile to
//     reconcile. The journal holds HMAC keys and masked numbers, never a
//     number in clear or a param.
//   - Single sends go through the whole Sender given (every middleware
//     applies to every message); batch calls go to the Sender that has the
//     capability, past the middleware above it (Options.NoBatch keeps the
//     stack).
//   - bulk parses no number: it hands recipients as given to the Sender,
//     whose own check (Validator.Prepare) is the only parse.
package bulk
