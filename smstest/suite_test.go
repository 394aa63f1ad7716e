package smstest

import (
	"context"
	"errors"
	"maps"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
)

// TestRun runs the suite, through its real entry point, against a correct
// in-memory sender: the suite must not fail good senders.
func TestRun(t *testing.T) {
	for _, bodyBased := range []bool{false, true} {
		t.Run(map[bool]string{false: "TemplateBased", true: "BodyBased"}[bodyBased], func(t *testing.T) {
			Run(t, func(t *testing.T) *Harness {
				b := &memBackend{bodyBased: bodyBased}
				return memHarness(b, memSender{b})
			})
		})
	}
}

// TestCasesPassCorrectSenders checks, case by case, that correct senders
// pass and nothing is skipped when the harness supports everything.
func TestCasesPassCorrectSenders(t *testing.T) {
	for _, bodyBased := range []bool{false, true} {
		for _, name := range Cases() {
			b := &memBackend{bodyBased: bodyBased}
			r := runRecorded(name, memHarness(b, memSender{b}))
			assert.Empty(t, r.text(), "case %s, body-based %v", name, bodyBased)
			assert.Empty(t, r.skipped, "case %s, body-based %v", name, bodyBased)
		}
	}
}

// flaw breaks a correct sender on backend b in one way.
type flaw func(next sms.Sender, b *memBackend) sms.Sender

// mapErr returns a flaw that rewrites the errors next returns.
func mapErr(f func(msg sms.Message, err error) error) flaw {
	return func(next sms.Sender, _ *memBackend) sms.Sender {
		return sms.SenderFunc(func(ctx context.Context, msg sms.Message) (sms.Result, error) {
			res, err := next.Send(ctx, msg)
			if err != nil {
				err = f(msg, err)
			}
			return res, err
		})
	}
}

// mapMsg returns a flaw that rewrites each message before sending it.
func mapMsg(f func(msg sms.Message) sms.Message) flaw {
	return func(next sms.Sender, _ *memBackend) sms.Sender {
		return sms.SenderFunc(func(ctx context.Context, msg sms.Message) (sms.Result, error) {
			return next.Send(ctx, f(msg))
		})
	}
}

// mapResult returns a flaw that rewrites each successful Result.
func mapResult(f func(res sms.Result) sms.Result) flaw {
	return func(next sms.Sender, _ *memBackend) sms.Sender {
		return sms.SenderFunc(func(ctx context.Context, msg sms.Message) (sms.Result, error) {
			res, err := next.Send(ctx, msg)
			if err == nil {
				res = f(res)
			}
			return res, err
		})
	}
}

// reclassify copies err's *sms.Error and lets f change it.
func reclassify(err error, f func(e *sms.Error)) error {
	e, ok := errors.AsType[*sms.Error](err)
	if !ok {
		return err
	}
	c := *e
	f(&c)
	return &c
}

// shortenWaits makes CancelMidCall give up on a misbehaving sender after
// 100ms, for the rest of t.
func shortenWaits(t *testing.T) {
	grace, arrival := cancelGrace, arrivalLimit
	cancelGrace, arrivalLimit = 100*time.Millisecond, 5*time.Second
	t.Cleanup(func() { cancelGrace, arrivalLimit = grace, arrival })
}

// TestCasesCatchBrokenSenders proves the suite can fail: each deliberately
// broken sender must fail the case that guards against its flaw, with a
// message that names the problem.
func TestCasesCatchBrokenSenders(t *testing.T) {
	shortenWaits(t)
	tests := []struct {
		name    string
		backend *memBackend // nil means a correct template-based backend
		flaw    flaw
		caught  string // the case that must fail
		message string // a part of its failure message
	}{
		{
			name: "drops a param",
			flaw: mapMsg(func(m sms.Message) sms.Message {
				m.Params = maps.Clone(m.Params)
				delete(m.Params, "name")
				return m
			}),
			caught: CaseRoundTrip, message: `received params lack "name"`,
		},
		{
			name:    "drops a param from a rendered body",
			backend: &memBackend{bodyBased: true},
			flaw: mapMsg(func(m sms.Message) sms.Message {
				m.Params = maps.Clone(m.Params)
				delete(m.Params, "code")
				return m
			}),
			caught: CaseRoundTrip, message: `Body lacks the value of param "code"`,
		},
		{
			name: "mangles emoji",
			flaw: mapMsg(func(m sms.Message) sms.Message {
				m.Params = maps.Clone(m.Params)
				for k, v := range m.Params {
					m.Params[k] = strings.Map(func(r rune) rune {
						if r > 0xFFFF {
							return '?'
						}
						return r
					}, v)
				}
				return m
			}),
			caught: CaseRoundTrip, message: `received param "name" is "张三?"`,
		},
		{
			name:   "loses the reference",
			flaw:   mapMsg(func(m sms.Message) sms.Message { m.Reference = ""; return m }),
			caught: CaseRoundTrip, message: "received Reference",
		},
		{
			name:   "changes the template",
			flaw:   mapMsg(func(m sms.Message) sms.Message { m.Template = "other"; return m }),
			caught: CaseRoundTrip, message: "received Template",
		},
		{
			name: "sends every message twice",
			flaw: func(next sms.Sender, _ *memBackend) sms.Sender {
				return sms.SenderFunc(func(ctx context.Context, msg sms.Message) (sms.Result, error) {
					_, _ = next.Send(ctx, msg)
					return next.Send(ctx, msg)
				})
			},
			caught: CaseRoundTrip, message: "received 2 messages after one Send",
		},
		{
			name:   "returns no message id",
			flaw:   mapResult(func(r sms.Result) sms.Result { r.MessageID = ""; return r }),
			caught: CaseSend, message: "Result.MessageID is empty",
		},
		{
			name:   "returns no provider",
			flaw:   mapResult(func(r sms.Result) sms.Result { r.Provider = ""; return r }),
			caught: CaseSend, message: "Result.Provider is empty",
		},
		{
			name:   "returns another provider",
			flaw:   mapResult(func(r sms.Result) sms.Result { r.Provider = "other"; return r }),
			caught: CaseSend, message: `Result.Provider is "other", want "mem"`,
		},
		{
			name: "returns unclassified errors for invalid numbers",
			flaw: mapErr(func(_ sms.Message, err error) error {
				if sms.CodeOf(err) == sms.InvalidArgument {
					return errors.New("bad phone number")
				}
				return err
			}),
			caught: CaseInvalidNumber, message: "error code is unknown, want invalid argument",
		},
		{
			name: "says invalid numbers may have been accepted",
			flaw: mapErr(func(_ sms.Message, err error) error {
				return reclassify(err, func(e *sms.Error) { e.NotAccepted = false })
			}),
			caught: CaseInvalidNumber, message: "sms.IsNotAccepted is false",
		},
		{
			name: "passes invalid numbers to the backend",
			flaw: func(next sms.Sender, b *memBackend) sms.Sender {
				return sms.SenderFunc(func(ctx context.Context, msg sms.Message) (sms.Result, error) {
					if _, err := sms.ParsePhone(msg.To, ""); err != nil {
						b.record(msg)
						return sms.Result{}, err
					}
					return next.Send(ctx, msg)
				})
			},
			caught: CaseInvalidNumber, message: "the backend received 9 message(s), want none",
		},
		{
			name: "sends despite a canceled context",
			flaw: func(next sms.Sender, _ *memBackend) sms.Sender {
				return sms.SenderFunc(func(ctx context.Context, msg sms.Message) (sms.Result, error) {
					return next.Send(context.WithoutCancel(ctx), msg)
				})
			},
			caught: CaseCanceled, message: "canceled context: Send succeeded",
		},
		{
			name: "returns the bare context error",
			flaw: func(next sms.Sender, _ *memBackend) sms.Sender {
				return sms.SenderFunc(func(ctx context.Context, msg sms.Message) (sms.Result, error) {
					if err := ctx.Err(); err != nil {
						return sms.Result{}, err
					}
					return next.Send(ctx, msg)
				})
			},
			caught: CaseCanceled, message: "sms.IsNotAccepted is false",
		},
		{
			name: "calls an expired deadline a cancellation",
			flaw: mapErr(func(_ sms.Message, err error) error {
				return reclassify(err, func(e *sms.Error) {
					if e.Code == sms.DeadlineExceeded {
						e.Code = sms.Canceled
					}
				})
			}),
			caught: CaseCanceled, message: "expired deadline: error code is canceled, want deadline exceeded",
		},
		{
			name: "checks the context on entry only",
			flaw: func(next sms.Sender, _ *memBackend) sms.Sender {
				return sms.SenderFunc(func(ctx context.Context, msg sms.Message) (sms.Result, error) {
					if err := ctx.Err(); err != nil {
						return sms.Result{}, contextError(err)
					}
					return next.Send(context.WithoutCancel(ctx), msg)
				})
			},
			caught: CaseCancelMidCall, message: "context canceled mid-call: Send did not return within 100ms",
		},
		{
			name: "ignores a deadline that passes mid-call",
			flaw: func(next sms.Sender, _ *memBackend) sms.Sender {
				return sms.SenderFunc(func(ctx context.Context, msg sms.Message) (sms.Result, error) {
					if _, ok := ctx.Deadline(); ok {
						ctx = context.WithoutCancel(ctx)
					}
					return next.Send(ctx, msg)
				})
			},
			caught: CaseCancelMidCall, message: "deadline passed mid-call: Send did not return within 100ms",
		},
		{
			name: "reports a mid-call cancellation as an unknown failure",
			flaw: func(next sms.Sender, _ *memBackend) sms.Sender {
				return sms.SenderFunc(func(ctx context.Context, msg sms.Message) (sms.Result, error) {
					if err := ctx.Err(); err != nil {
						return sms.Result{}, contextError(err)
					}
					res, err := next.Send(ctx, msg)
					if err != nil {
						return res, errors.New("request aborted")
					}
					return res, nil
				})
			},
			caught: CaseCancelMidCall, message: "context canceled mid-call: error code is unknown, want canceled",
		},
		{
			name:    "records a message it reports as not accepted during an outage",
			backend: &memBackend{recordsFailures: true},
			caught:  CaseOutage,
			message: "send during an outage: Send reported the message as not accepted, but the backend received 1 message(s) during it",
		},
		{
			name:    "records a message it reports as not accepted while throttled",
			backend: &memBackend{recordsFailures: true},
			caught:  CaseErrorText,
			message: "send while throttled: Send reported the message as not accepted, but the backend received 1 message(s) during it",
		},
		{
			name: "escapes the caller's params in place",
			flaw: func(next sms.Sender, _ *memBackend) sms.Sender {
				return sms.SenderFunc(func(ctx context.Context, msg sms.Message) (sms.Result, error) {
					for k, v := range msg.Params {
						msg.Params[k] = url.QueryEscape(v)
					}
					return next.Send(ctx, msg)
				})
			},
			caught: CaseSend, message: `Send changed the caller's Message.Params in place (changed the value of param "name")`,
		},
		{
			name: "adds a key to the caller's params",
			flaw: func(next sms.Sender, _ *memBackend) sms.Sender {
				return sms.SenderFunc(func(ctx context.Context, msg sms.Message) (sms.Result, error) {
					msg.Params["_attempt"] = "1"
					m := msg
					m.Params = maps.Clone(msg.Params)
					delete(m.Params, "_attempt")
					return next.Send(ctx, m)
				})
			},
			caught: CaseRoundTrip, message: `(added param "_attempt")`,
		},
		{
			name: "consumes the caller's params",
			flaw: func(next sms.Sender, _ *memBackend) sms.Sender {
				return sms.SenderFunc(func(ctx context.Context, msg sms.Message) (sms.Result, error) {
					m := msg
					m.Params = maps.Clone(msg.Params)
					delete(msg.Params, "code")
					return next.Send(ctx, m)
				})
			},
			caught: CaseConcurrent, message: `concurrent sends changed the caller's Message.Params in place; the first: message 0: removed param "code"`,
		},
		{
			name: "reports success during an outage",
			flaw: func(next sms.Sender, _ *memBackend) sms.Sender {
				return sms.SenderFunc(func(ctx context.Context, msg sms.Message) (sms.Result, error) {
					res, err := next.Send(ctx, msg)
					if sms.CodeOf(err) == sms.Unavailable {
						return sms.Result{Provider: "mem", MessageID: "mem-0"}, nil
					}
					return res, err
				})
			},
			caught: CaseOutage, message: "send during an outage: Send succeeded",
		},
		{
			name: "says an outage may have been accepted",
			flaw: mapErr(func(_ sms.Message, err error) error {
				return reclassify(err, func(e *sms.Error) {
					if e.Code == sms.Unavailable {
						e.NotAccepted = false
					}
				})
			}),
			caught: CaseOutage, message: "sms.IsRetryable is false",
		},
		{
			name: "stays down after an outage",
			flaw: func(next sms.Sender, _ *memBackend) sms.Sender {
				var down atomic.Bool
				return sms.SenderFunc(func(ctx context.Context, msg sms.Message) (sms.Result, error) {
					res, err := next.Send(ctx, msg)
					if sms.CodeOf(err) == sms.Unavailable {
						down.Store(true)
					}
					if down.Load() {
						return sms.Result{}, &sms.Error{Code: sms.Unavailable, NotAccepted: true, Provider: "mem"}
					}
					return res, err
				})
			},
			caught: CaseOutage, message: "send after the outage: Send failed",
		},
		{
			name: "calls throttling an outage",
			flaw: mapErr(func(_ sms.Message, err error) error {
				return reclassify(err, func(e *sms.Error) {
					if e.Code == sms.RateLimited {
						e.Code = sms.Unavailable
					}
				})
			}),
			caught: CaseThrottled, message: "error code is unavailable, want rate limited",
		},
		{
			name:    "allocates ids from an unlocked counter",
			backend: &memBackend{racyIDs: true},
			caught:  CaseConcurrent, message: "got the same MessageID",
		},
		{
			name:    "records messages in an unlocked log",
			backend: &memBackend{racyLog: true},
			caught:  CaseConcurrent, message: "was received 0 times",
		},
		{
			name: "leaks the phone number into errors",
			flaw: mapErr(func(msg sms.Message, err error) error {
				return reclassify(err, func(e *sms.Error) { e.Message = "cannot send to " + msg.To })
			}),
			caught: CaseErrorText, message: "the error text holds the recipient's number",
		},
		{
			name: "leaks the national number into errors",
			flaw: mapErr(func(msg sms.Message, err error) error {
				return reclassify(err, func(e *sms.Error) {
					e.Message = "cannot send to " + strings.TrimPrefix(msg.To, "+86")
				})
			}),
			caught: CaseErrorText, message: "the error text holds the recipient's national number",
		},
		{
			name: "leaks a param into errors",
			flaw: mapErr(func(msg sms.Message, err error) error {
				return reclassify(err, func(e *sms.Error) { e.Message = "code " + msg.Params["code"] })
			}),
			caught: CaseErrorText, message: "the error text holds the value of param code",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.backend
			if b == nil {
				b = &memBackend{}
			}
			var s sms.Sender = memSender{b}
			if tt.flaw != nil {
				s = tt.flaw(s, b)
			}
			r := runRecorded(tt.caught, memHarness(b, s))
			require.Empty(t, r.skipped)
			assert.Contains(t, r.text(), tt.message)
		})
	}
}

// TestCancelMidCallPassesRecipientLimits checks that CancelMidCall sends
// each of its messages to a new recipient: a correct per-recipient limit in
// front of the backend counts the first, canceled, send.
func TestCancelMidCallPassesRecipientLimits(t *testing.T) {
	b := &memBackend{}
	var mu sync.Mutex
	seen := map[string]bool{}
	limited := sms.SenderFunc(func(ctx context.Context, msg sms.Message) (sms.Result, error) {
		mu.Lock()
		again := seen[msg.To]
		seen[msg.To] = true
		mu.Unlock()
		if again {
			return sms.Result{}, &sms.Error{Code: sms.RateLimited, NotAccepted: true, Provider: "mem"}
		}
		return memSender{b}.Send(ctx, msg)
	})
	r := runRecorded(CaseCancelMidCall, memHarness(b, limited))
	assert.Empty(t, r.text())
}
