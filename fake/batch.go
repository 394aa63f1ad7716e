package fake

import (
	"context"

	"github.com/smskit/sms"
)

// BatchLimit is the most recipients the Sender treats as one provider call,
// as Aliyun's SendBatchSms does.
const BatchLimit = 100

var _ sms.BatchSender = (*Sender)(nil)

// BatchLimit returns BatchLimit.
func (s *Sender) BatchLimit() int { return BatchLimit }

// SendBatch sends each recipient of b as Send would, one after the other,
// and records each one as its own message (Records, Accepted): a recipient that fails its
// checks is refused alone. Its error is for the batch as a whole (a nil or
// done context, no recipients, more than sms.MaxBatchRecipients), before
// anything is recorded.
func (s *Sender) SendBatch(ctx context.Context, b sms.Batch) ([]sms.BatchResult, error) {
	return sms.SendEach(ctx, s, b, s.base.Provider)
}
