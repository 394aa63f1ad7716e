package bulk

import (
	"iter"

	"github.com/smskit/sms"
)

// ToReconcile yields the recipients of recipients (the run's input,
// read again: the journal holds no numbers) that j records as possibly
// accepted under template. Reconcile them against delivery receipts:
//
//  1. For each one, look the number up at the provider by number and day:
//     Aliyun's QuerySendDetails takes PhoneNumber and SendDate without a
//     BizId (or see the console, or the receipts Aliyun pushes); a
//     message found there was accepted.
//  2. Record what you learned with j.Resolve(template, number, Accepted)
//     or, when no message exists a day later, NotAccepted.
//  3. Run again with JournalOptions.RetryNotAccepted: it sends to the
//     recipients resolved as not accepted, and to nobody else.
//
// An error of recipients is yielded as it is.
func ToReconcile(j *Journal, template string, recipients iter.Seq2[sms.Recipient, error]) iter.Seq2[sms.Recipient, error] {
	return func(yield func(sms.Recipient, error) bool) {
		for r, err := range recipients {
			if err == nil && j.Lookup(template, r.To) != PossiblyAccepted {
				continue
			}
			if !yield(r, err) {
				return
			}
		}
	}
}
