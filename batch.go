package sms

import (
	"context"
	"errors"
	"strconv"
)

// MaxBatchRecipients is the most recipients one Batch may hold. A
// BatchSender splits a Batch into provider calls of at most its BatchLimit
// recipients; this bound only keeps one Batch's memory small.
const MaxBatchRecipients = 10_000

// ErrBatchTooLarge is wrapped by the InvalidArgument error of a Batch with
// more than MaxBatchRecipients recipients or none.
var ErrBatchTooLarge = errors.New("sms: batch size out of range")

// Recipient is one recipient of a Batch: its number, its own template
// params and, optionally, its own sign.
//
// Its String masks the number and never prints Params.
type Recipient struct {
	// To is the recipient's number, as in Message.To.
	To string
	// Params are this recipient's template variables.
	Params map[string]string
	// Sign is this recipient's sign; empty means the template's or the
	// provider's default, as in Message.Sign.
	Sign string
}

// String describes r with the number masked and without params.
func (r Recipient) String() string {
	return "sms.Recipient{To: " + MaskPhone(r.To) + ", Params: " + strconv.Itoa(len(r.Params)) + " hidden}"
}

// GoString is String, so that %#v hides the same things.
func (r Recipient) GoString() string { return r.String() }

// Message returns the Message that sends template to r with reference.
func (r Recipient) Message(template, reference string) Message {
	return Message{To: r.To, Template: template, Params: r.Params, Sign: r.Sign, Reference: reference}
}

// Batch is one template sent to many recipients, each with its own params
// and sign (Aliyun SendBatchSms).
type Batch struct {
	// Template is the template of every message, as in Message.Template.
	Template string
	// Recipients are the recipients, at most MaxBatchRecipients.
	Recipients []Recipient
	// Reference is the caller's reference of every message (Aliyun OutId),
	// as in Message.Reference.
	Reference string
}

// BatchResult is the outcome of one recipient of a Batch, at the same index
// as the recipient.
type BatchResult struct {
	// Result is the accepted message's result when Err is nil.
	Result Result
	// Err is nil when the message was accepted, else an *Error. Like Send's
	// errors, it is NotAccepted only when the message was definitely not
	// accepted: when a provider call fails in a way that may have accepted
	// it, every recipient of that call gets an error that may have been
	// accepted.
	Err error
}

// BatchSender is the capability of a Sender that sends one template to
// many recipients in few provider calls. Find it through wrappers with As:
//
//	if bs, ok := sms.As[sms.BatchSender](sender); ok {
//		results, err := bs.SendBatch(ctx, batch)
//	}
//
// Note that As finds the innermost provider's SendBatch past middleware that
// does not implement it: such a call skips that middleware (rate limits,
// retries, per-recipient limits, logging). Package bulk paces batches itself
// and documents what else applies.
type BatchSender interface {
	Sender
	// BatchLimit is the most recipients one provider call takes (Aliyun:
	// 100). SendBatch splits larger batches into calls of at most this many.
	BatchLimit() int
	// SendBatch checks every recipient as Send would before any call (a
	// recipient that fails its checks is refused alone, with Send's
	// NotAccepted error, and the others are sent), then sends the others in
	// calls of at most BatchLimit recipients. It returns one BatchResult per
	// recipient, in order. Its error is for the batch as a whole, refused
	// before any call: a nil or done context, no recipients or more than
	// MaxBatchRecipients; it is then NotAccepted and the results are nil.
	SendBatch(ctx context.Context, b Batch) ([]BatchResult, error)
}

// CheckBatch is the first check of SendBatch: a live context and a batch of
// 1 to MaxBatchRecipients recipients. provider names the error's Provider.
func CheckBatch(ctx context.Context, b Batch, provider string) error {
	if err := CheckContext(ctx); err != nil {
		return WithProvider(err, provider)
	}
	if n := len(b.Recipients); n == 0 || n > MaxBatchRecipients {
		return &Error{Code: InvalidArgument, NotAccepted: true, Provider: provider, Err: ErrBatchTooLarge,
			Message: "batch has " + strconv.Itoa(n) + " recipients, want 1 to " + strconv.Itoa(MaxBatchRecipients)}
	}
	return nil
}

// SendEach sends every recipient of b with s.Send, one after the other: the
// SendBatch of senders with no batch call of their own (fake, dryrun).
func SendEach(ctx context.Context, s Sender, b Batch, provider string) ([]BatchResult, error) {
	if err := CheckBatch(ctx, b, provider); err != nil {
		return nil, err
	}
	out := make([]BatchResult, len(b.Recipients))
	for i, r := range b.Recipients {
		out[i].Result, out[i].Err = s.Send(ctx, r.Message(b.Template, b.Reference))
	}
	return out, nil
}
