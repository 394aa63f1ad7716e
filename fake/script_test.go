package fake_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/fake"
)

func TestFailNextErrors(t *testing.T) {
	boom := errors.New("boom")
	throttled := &sms.Error{Code: sms.RateLimited, NotAccepted: true, RetryAfter: time.Minute, ProviderCode: "isv.BUSINESS_LIMIT_CONTROL"}
	lost := &sms.Error{Code: sms.Unknown, NotAccepted: false, Message: "answer lost"}
	tests := []struct {
		name            string
		err             error
		wantCode        sms.Code
		wantNotAccepted bool
		wantRetryAfter  time.Duration
		wantIs          error
	}{
		{name: "sms.Error not accepted", err: throttled, wantCode: sms.RateLimited, wantNotAccepted: true, wantRetryAfter: time.Minute, wantIs: throttled},
		{name: "sms.Error may have been accepted", err: lost, wantCode: sms.Unknown, wantIs: lost},
		{name: "plain error: unknown, may have been accepted", err: boom, wantCode: sms.Unknown, wantIs: boom},
		{name: "context error keeps its code", err: context.DeadlineExceeded, wantCode: sms.DeadlineExceeded, wantIs: context.DeadlineExceeded},
		{name: "wrapped sms.Error keeps its classification", err: errors.Join(boom, throttled), wantCode: sms.RateLimited, wantNotAccepted: true, wantRetryAfter: time.Minute, wantIs: boom},
		{name: "nil: transient, not accepted", err: nil, wantCode: sms.Unavailable, wantNotAccepted: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fake.MustNew(fake.Options{Provider: "aliyun"})
			s.FailNext(1, tt.err)
			res, err := s.Send(context.Background(), loginCode("+8613800138000", "123456"))

			assert.Zero(t, res)
			var e *sms.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tt.wantCode, e.Code)
			assert.Equal(t, tt.wantNotAccepted, e.NotAccepted)
			assert.Equal(t, tt.wantRetryAfter, e.RetryAfter)
			assert.Equal(t, "aliyun", e.Provider)
			assert.Regexp(t, requestIDPattern, e.RequestID)
			if tt.wantIs != nil {
				assert.ErrorIs(t, err, tt.wantIs)
			}
			assert.NotContains(t, err.Error(), "13800138000")
			assert.NotContains(t, err.Error(), "123456")

			assert.Zero(t, s.Len(), "a scripted failure never counts as sent")
			records := s.Records()
			require.Len(t, records, 1)
			assert.Equal(t, err, records[0].Err)
			assert.Equal(t, !tt.wantNotAccepted, records[0].MayHaveArrived())
		})
	}
}

func TestFailNextDoesNotModifyTheScriptedError(t *testing.T) {
	scripted := &sms.Error{Code: sms.Unavailable, NotAccepted: true}
	s := fake.MustNew(fake.Options{})
	s.FailNext(2, scripted)
	_, err1 := s.Send(context.Background(), loginCode("+8613800138000", "1"))
	_, err2 := s.Send(context.Background(), loginCode("+8613800138000", "1"))
	assert.Empty(t, scripted.Provider)
	assert.Empty(t, scripted.RequestID)
	assert.NotEqual(t, err1.(*sms.Error).RequestID, err2.(*sms.Error).RequestID)
}

// outcomes sends n messages and returns "ok" or the error code of each.
func outcomes(s *fake.Sender, msgs ...sms.Message) []string {
	var out []string
	for _, m := range msgs {
		_, err := s.Send(context.Background(), m)
		if err == nil {
			out = append(out, "ok")
		} else {
			out = append(out, sms.CodeOf(err).String())
		}
	}
	return out
}

func TestScriptedFailureSequences(t *testing.T) {
	ok := loginCode("+8613800138000", "1")
	us := loginCode("+12015550123", "1")
	bad := loginCode("bad", "1")
	denyUS := func(m sms.Message) error {
		if strings.HasPrefix(m.To, "+1") {
			return &sms.Error{Code: sms.PermissionDenied, NotAccepted: true}
		}
		return nil
	}
	tests := []struct {
		name   string
		script func(s *fake.Sender)
		msgs   []sms.Message
		want   []string
	}{
		{
			name:   "FailNext(2) fails exactly two",
			script: func(s *fake.Sender) { s.FailNext(2, nil) },
			msgs:   []sms.Message{ok, ok, ok},
			want:   []string{"unavailable", "unavailable", "ok"},
		},
		{
			name:   "invalid messages do not use up FailNext",
			script: func(s *fake.Sender) { s.FailNext(1, nil) },
			msgs:   []sms.Message{bad, ok, ok},
			want:   []string{"invalid argument", "unavailable", "ok"},
		},
		{
			name:   "FailNext replaces an earlier FailNext",
			script: func(s *fake.Sender) { s.FailNext(5, nil); s.FailNext(1, errors.New("x")) },
			msgs:   []sms.Message{ok, ok},
			want:   []string{"unknown", "ok"},
		},
		{
			name:   "FailNext(0) cancels",
			script: func(s *fake.Sender) { s.FailNext(5, nil); s.FailNext(0, nil) },
			msgs:   []sms.Message{ok},
			want:   []string{"ok"},
		},
		{
			name:   "negative FailNext cancels",
			script: func(s *fake.Sender) { s.FailNext(5, nil); s.FailNext(-1, nil) },
			msgs:   []sms.Message{ok},
			want:   []string{"ok"},
		},
		{
			name:   "FailWhen decides per message",
			script: func(s *fake.Sender) { s.FailWhen(denyUS) },
			msgs:   []sms.Message{ok, us, ok, us},
			want:   []string{"ok", "permission denied", "ok", "permission denied"},
		},
		{
			name:   "FailWhen sees the normalized number",
			script: func(s *fake.Sender) { s.FailWhen(denyUS) },
			msgs:   []sms.Message{loginCode("+1 (201) 555-0123", "1")},
			want:   []string{"permission denied"},
		},
		{
			name:   "FailNext takes precedence over FailWhen",
			script: func(s *fake.Sender) { s.FailWhen(denyUS); s.FailNext(1, nil) },
			msgs:   []sms.Message{us, us, ok},
			want:   []string{"unavailable", "permission denied", "ok"},
		},
		{
			name:   "FailWhen(nil) stops it",
			script: func(s *fake.Sender) { s.FailWhen(denyUS); s.FailWhen(nil) },
			msgs:   []sms.Message{us},
			want:   []string{"ok"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fake.MustNew(fake.Options{})
			tt.script(s)
			assert.Equal(t, tt.want, outcomes(s, tt.msgs...))
		})
	}
}

func TestFailWhenGetsACopyAndMayCallTheSender(t *testing.T) {
	s := fake.MustNew(fake.Options{})
	s.FailWhen(func(m sms.Message) error {
		m.Params["code"] = "tampered"
		_ = s.Len() // must not deadlock
		return nil
	})
	_, err := s.Send(context.Background(), loginCode("+8613800138000", "123456"))
	require.NoError(t, err)
	assert.Equal(t, "123456", s.Messages()[0].Params["code"])
}

func TestLatency(t *testing.T) {
	tests := []struct {
		name     string
		latency  time.Duration
		sleep    func(ctx context.Context, d time.Duration) error
		wantCode sms.Code
	}{
		{name: "no latency", wantCode: sms.OK},
		{name: "latency that elapses", latency: time.Second, sleep: func(context.Context, time.Duration) error { return nil }, wantCode: sms.OK},
		{name: "canceled during latency", latency: time.Second, sleep: cancelDuring(context.Canceled), wantCode: sms.Canceled},
		{name: "deadline during latency", latency: time.Second, sleep: cancelDuring(context.DeadlineExceeded), wantCode: sms.DeadlineExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var slept []time.Duration
			sleep := tt.sleep
			if sleep == nil {
				sleep = func(context.Context, time.Duration) error { t.Fatal("slept without latency"); return nil }
			}
			s := fake.MustNew(fake.Options{Latency: tt.latency, Sleep: func(ctx context.Context, d time.Duration) error {
				slept = append(slept, d)
				return sleep(ctx, d)
			}})
			s.FailNext(1, nil) // a send canceled during the latency must not use it up
			s.FailNext(0, nil)
			_, err := s.Send(context.Background(), loginCode("+8613800138000", "1"))
			assert.Equal(t, tt.wantCode, sms.CodeOf(err))
			if tt.latency > 0 {
				assert.Equal(t, []time.Duration{tt.latency}, slept)
			}
			if err != nil {
				assert.True(t, sms.IsNotAccepted(err), "the request never left: not accepted")
				assert.Zero(t, s.Len())
				assert.Len(t, s.Records(), 1)
			}
		})
	}
}

// cancelDuring is a Sleep that fails as if the context ended with cause.
func cancelDuring(cause error) func(context.Context, time.Duration) error {
	return func(context.Context, time.Duration) error { return cause }
}

func TestContextEndingDuringLatency(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	s := fake.MustNew(fake.Options{Latency: time.Hour, Sleep: func(ctx context.Context, _ time.Duration) error {
		cancel() // the caller gives up while the request is on its way
		<-ctx.Done()
		return errors.New("woken up") // Send reports the context's error, not Sleep's
	}})
	s.FailWhen(func(sms.Message) error { t.Error("reached the provider"); return nil })
	_, err := s.Send(ctx, loginCode("+8613800138000", "1"))
	assert.Equal(t, sms.Canceled, sms.CodeOf(err))
	assert.True(t, sms.IsNotAccepted(err))
	assert.ErrorIs(t, err, context.Canceled)
}

func TestSetLatency(t *testing.T) {
	var slept []time.Duration
	s := fake.MustNew(fake.Options{Sleep: func(_ context.Context, d time.Duration) error {
		slept = append(slept, d)
		return nil
	}})
	assert.Zero(t, s.Latency())
	s.SetLatency(3 * time.Second)
	assert.Equal(t, 3*time.Second, s.Latency())
	_, err := s.Send(context.Background(), loginCode("+8613800138000", "1"))
	require.NoError(t, err)
	assert.Equal(t, []time.Duration{3 * time.Second}, slept)
}

func TestLatencyWithRealTimer(t *testing.T) {
	// The default Sleep with a latency short enough to elapse.
	s := fake.MustNew(fake.Options{Latency: time.Microsecond})
	_, err := s.Send(context.Background(), loginCode("+8613800138000", "1"))
	require.NoError(t, err)
}

// introspectingError is a scripted error whose Unwrap reads the Sender
// that returns it.
type introspectingError struct{ s *fake.Sender }

func (e introspectingError) Error() string { return "scripted" }
func (e introspectingError) Unwrap() error { _ = e.s.Len(); _ = e.s.Records(); return nil }

// TestScriptedErrorMayCallTheSender: the methods of a scripted error run
// before the send takes its shard's lock, so they may read the Sender
// (this deadlocked while the error was built under the lock).
func TestScriptedErrorMayCallTheSender(t *testing.T) {
	s := fake.MustNew(fake.Options{})
	s.FailNext(1, introspectingError{s})
	done := make(chan error, 1)
	go func() {
		_, err := s.Send(context.Background(), loginCode("+8613800138000", "1"))
		done <- err
	}()
	select {
	case err := <-done:
		require.Error(t, err)
		var e *sms.Error
		require.ErrorAs(t, err, &e)
		assert.NotEmpty(t, e.RequestID)
		recs := s.Records()
		require.Len(t, recs, 1)
		assert.Same(t, e, recs[0].Err, "the record holds the error Send returned")
	case <-time.After(10 * time.Second):
		t.Fatal("Send deadlocked")
	}
}
