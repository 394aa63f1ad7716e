package middleware_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/testclock"
	"github.com/smskit/sms/middleware"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
)

// providerTimeout is the Aliyun provider's timeout in these tests, and
// faultDelay an injected latency well beyond it. Latency is the one thing
// the emulator measures in real time: it exists to trip real timeouts.
const (
	providerTimeout = 500 * time.Millisecond
	faultDelay      = 5 * time.Second
)

func newAliyunStack(t *testing.T, faults func(aliyuntest.Request) aliyuntest.Fault, clk *testclock.Clock, breaker middleware.BreakerOptions) (*aliyuntest.Server, sms.Sender) {
	t.Helper()
	srv := aliyuntest.NewServer(aliyuntest.Options{
		Limits: aliyuntest.Limits{Disabled: true},
		Faults: faults,
	})
	t.Cleanup(srv.Close)
	provider, err := aliyun.New(aliyun.Options{
		AccessKeyID:     aliyuntest.TestAccessKeyID,
		AccessKeySecret: aliyuntest.TestAccessKeySecret,
		Endpoint:        srv.URL,
		SignName:        aliyuntest.DefaultSignName,
		Templates:       []sms.Template{{Name: "login", Kind: sms.KindVerification, Codes: map[string]string{"aliyun": aliyuntest.DefaultTemplateCode}}},
		Timeout:         providerTimeout,
	})
	require.NoError(t, err)
	t.Cleanup(provider.CloseIdleConnections)
	breaker.Now = clk.Now
	sender := middleware.Stack(middleware.StackOptions{
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now:     clk.Now,
		Sleep:   clk.Sleep,
		Breaker: breaker,
	})(provider)
	return srv, sender
}

// TestStressAliyunNoDuplicatesNothingLost sends 2,000 messages through the
// recommended stack to the Aliyun provider and its emulator while the
// emulator misbehaves on about a third of the requests: latency beyond the
// provider's timeout (before and after accepting), the connection dropped
// after accepting, HTTP 5xx and dropped connections before accepting, and
// throttling. Then it counts, by each call's OutId:
//
//   - messages the emulator accepted more than once for one call: must be 0;
//   - messages the emulator accepted that the caller was told were
//     definitely not accepted: must be 0;
//   - messages the caller was told were sent that the emulator did not
//     accept exactly once: must be 0;
//   - errors that are not a classified *sms.Error: must be 0.
func TestStressAliyunNoDuplicatesNothingLost(t *testing.T) {
	if testing.Short() {
		t.Skip("2,000 sends over loopback")
	}
	const (
		calls      = 2000
		goroutines = 40
	)
	var mu sync.Mutex
	rng := rand.New(rand.NewPCG(1, 2))
	faultCounts := map[string]int{}
	faults := func(aliyuntest.Request) aliyuntest.Fault {
		mu.Lock()
		defer mu.Unlock()
		var f aliyuntest.Fault
		var name string
		switch p := rng.IntN(100); {
		case p < 6:
			f, name = aliyuntest.Fault{Kind: aliyuntest.FaultLatency, Delay: faultDelay}, "latency before accepting"
		case p < 12:
			f, name = aliyuntest.Fault{Kind: aliyuntest.FaultLatency, ResponseDelay: faultDelay}, "latency after accepting"
		case p < 18:
			f, name = aliyuntest.Fault{Kind: aliyuntest.FaultDropAfterAccept}, "dropped after accepting"
		case p < 24:
			f, name = aliyuntest.Fault{Kind: aliyuntest.FaultSystemError, Status: 503}, "5xx before accepting"
		case p < 28:
			f, name = aliyuntest.Fault{Kind: aliyuntest.FaultDropBeforeAccept}, "dropped before accepting"
		case p < 34:
			f, name = aliyuntest.Fault{Kind: aliyuntest.FaultThrottling}, "throttled"
		default:
			name = "none"
		}
		faultCounts[name]++
		return f
	}
	clk := newFakeClock()
	srv, sender := newAliyunStack(t, faults, clk, middleware.BreakerOptions{ConsecutiveFailures: 8, OpenTimeout: time.Second})

	errs := make([]error, calls)
	results := make([]sms.Result, calls)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := g; i < calls; i += goroutines {
				clk.Advance(100 * time.Millisecond) // time passes between calls, so an open breaker recovers
				results[i], errs[i] = sender.Send(context.Background(), sms.Message{
					To:        fmt.Sprintf("+86139%08d", i),
					Template:  "login",
					Params:    map[string]string{"code": fmt.Sprintf("%06d", i)},
					Reference: fmt.Sprintf("stress-%d", i),
				})
			}
		})
	}
	wg.Wait()

	accepted := map[string]int{}
	for _, m := range srv.Messages() {
		accepted[m.OutID]++
	}
	var duplicated, toldNotAccepted, lost, unclassified, retried int
	outcomes := map[string]int{}
	for i, err := range errs {
		ref := fmt.Sprintf("stress-%d", i)
		n := accepted[ref]
		if n > 1 {
			duplicated++
		}
		if err == nil {
			outcomes["sent"]++
			if n != 1 {
				lost++
			}
			if results[i].Attempts > 1 {
				retried++
			}
			continue
		}
		e, ok := errors.AsType[*sms.Error](err)
		if !ok || e.Code == sms.OK {
			unclassified++
			continue
		}
		if e.NotAccepted && n > 0 {
			toldNotAccepted++
		}
		state := "may have been accepted"
		if e.NotAccepted {
			state = "not accepted"
		}
		outcomes[fmt.Sprintf("%s by %s, %s (%s)", e.Code, e.Provider, state, map[bool]string{true: "accepted", false: "not accepted"}[n > 0])]++
	}
	mu.Lock()
	t.Logf("faults injected per request: %v", faultCounts)
	mu.Unlock()
	t.Logf("outcomes of %d calls (emulator's view in parentheses): %v; %d sent after a retry", calls, outcomes, retried)
	assert.Zero(t, duplicated, "messages the emulator accepted more than once for one call")
	assert.Zero(t, toldNotAccepted, "messages the emulator accepted that the caller was told were definitely not accepted")
	assert.Zero(t, lost, "messages reported sent that the emulator did not accept exactly once")
	assert.Zero(t, unclassified, "errors that are not a classified *sms.Error")
	// The test proves something only if the faults happened and were
	// survived: retries succeeded, and answers were lost after acceptance.
	assert.Positive(t, retried, "no message was sent after a retry")
	assert.Positive(t, outcomes["unknown by aliyun, may have been accepted (accepted)"]+
		outcomes["deadline exceeded by aliyun, may have been accepted (accepted)"], "no answer was lost after acceptance")
}

// TestBreakerAliyunOutage opens the breaker during an emulated Aliyun outage:
// later sends fail fast and never reach the emulator; after recovery and the
// open timeout, a probe closes it. A flood of invalid numbers, which Aliyun
// rejects, never opens it.
func TestBreakerAliyunOutage(t *testing.T) {
	clk := newFakeClock()
	var tr transitions
	srv, sender := newAliyunStack(t, nil, clk, middleware.BreakerOptions{
		ConsecutiveFailures: 5, OpenTimeout: 10 * time.Second, OnStateChange: tr.record,
	})
	send := func(i int, to string) error {
		_, err := sender.Send(context.Background(), sms.Message{
			To: to, Template: "login", Params: map[string]string{"code": "123456"}, Reference: fmt.Sprint("r", i),
		})
		return err
	}

	// Numbers ParsePhone accepts but Aliyun refuses as invalid: the
	// recipient limit passes them, the provider classifies them.
	srv.SetFaults(func(aliyuntest.Request) aliyuntest.Fault {
		return aliyuntest.Fault{Kind: aliyuntest.FaultError, Code: "isv.MOBILE_NUMBER_ILLEGAL"}
	})
	for i := range 50 {
		err := send(i, fmt.Sprintf("+86137%08d", i))
		require.Equal(t, sms.InvalidArgument, sms.CodeOf(err), "%v", err)
	}
	assert.Empty(t, tr.get(), "invalid numbers opened the breaker")
	srv.ClearFaults()

	srv.SetFaults(func(aliyuntest.Request) aliyuntest.Fault { return aliyuntest.Fault{Kind: aliyuntest.FaultSystemError} })
	for i := 0; i < 5; {
		err := send(100+i, fmt.Sprintf("+86138%08d", i))
		require.Equal(t, sms.Unavailable, sms.CodeOf(err))
		i += middleware.AttemptsOf(err)
	}
	assert.Equal(t, []string{"closed→open"}, tr.get())
	reached := srv.Requests("SendSms")
	for i := range 20 {
		err := send(200+i, fmt.Sprintf("+86136%08d", i))
		require.ErrorIs(t, err, middleware.ErrCircuitOpen)
	}
	assert.Equal(t, reached, srv.Requests("SendSms"), "sends reached the provider while the breaker was open")

	srv.ClearFaults()
	clk.Advance(10 * time.Second)
	require.NoError(t, send(300, "+8613500000000"))
	assert.Equal(t, []string{"closed→open", "open→half-open", "half-open→closed"}, tr.get())
}
