package aliyuntest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms/internal/testclock"
)

// Every fault kind as the official SDK sees it, and whether the message
// counts as accepted.
func TestFaultsSeenBySDK(t *testing.T) {
	tests := []struct {
		name        string
		fault       Fault
		readTimeout time.Duration
		status      int    // of a *errors.ServerError; 0 for none
		code        string // error code or resp.Code
		message     string
		transport   bool // a transport error (not a ServerError)
		accepted    bool
	}{
		{name: "none", fault: Fault{}, code: "OK", accepted: true},
		{name: "latency", fault: Fault{Kind: FaultLatency, Delay: 20 * time.Millisecond}, code: "OK", accepted: true},
		{name: "latency beyond the client timeout", fault: Fault{Kind: FaultLatency, Delay: time.Hour}, readTimeout: 200 * time.Millisecond, transport: true},
		{name: "response delayed beyond the client timeout", fault: Fault{ResponseDelay: time.Hour}, readTimeout: 200 * time.Millisecond, transport: true, accepted: true},
		{name: "system error", fault: Fault{Kind: FaultSystemError}, status: 500, code: "isp.SYSTEM_ERROR", message: "系统错误"},
		{name: "system error 503", fault: Fault{Kind: FaultSystemError, Status: 503}, status: 503, code: "isp.SYSTEM_ERROR"},
		{name: "throttling", fault: Fault{Kind: FaultThrottling}, status: 400, code: "Throttling.User", message: "Request was denied due to user flow control."},
		{name: "business error", fault: Fault{Kind: FaultError, Code: "isv.AMOUNT_NOT_ENOUGH", Message: "账户余额不足"}, code: "isv.AMOUNT_NOT_ENOUGH", message: "账户余额不足"},
		{name: "gateway error", fault: Fault{Kind: FaultError, Status: 503, Code: "ServiceUnavailable", Message: "The request has failed due to a temporary failure of the server."}, status: 503, code: "ServiceUnavailable"},
		{name: "error with a known code", fault: Fault{Kind: FaultError, Status: 400, Code: "Throttling.User"}, status: 400, code: "Throttling.User", message: "Request was denied due to user flow control."},
		{name: "drop before accepting", fault: Fault{Kind: FaultDropBeforeAccept}, transport: true},
		{name: "drop after accepting", fault: Fault{Kind: FaultDropAfterAccept}, transport: true, accepted: true},
		{name: "delay then drop after accepting", fault: Fault{Kind: FaultDropAfterAccept, Delay: 10 * time.Millisecond}, transport: true, accepted: true},
	}
	srv, _ := realClockServer(t, Options{Limits: Limits{Disabled: true}})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.Reset()
			srv.QueueFault(tt.fault)
			client := newSDK(t, TestAccessKeyID, TestAccessKeySecret)
			req := sdkSendSms(srv, "13800138000", `{"code":"1234"}`)
			if tt.readTimeout > 0 {
				req.SetReadTimeout(tt.readTimeout)
			}
			resp, err := client.SendSms(req)
			var se *sdkerrors.ServerError
			switch {
			case tt.transport:
				require.Error(t, err)
				assert.False(t, errors.As(err, &se), "a transport error, not a server answer: %v", err)
			case tt.status != 0:
				require.ErrorAs(t, err, &se)
				assert.Equal(t, tt.status, se.HttpStatus())
				assert.Equal(t, tt.code, se.ErrorCode())
				assert.Regexp(t, requestIDPattern, se.RequestId())
				if tt.message != "" {
					assert.Equal(t, tt.message, se.Message())
				}
			default:
				require.NoError(t, err)
				assert.Equal(t, tt.code, resp.Code)
				if tt.message != "" {
					assert.Equal(t, tt.message, resp.Message)
				}
			}
			assert.Equal(t, 1, srv.Requests("SendSms"), "the SDK does not retry")
			if tt.accepted {
				assert.Len(t, srv.Messages(), 1)
			} else {
				assert.Empty(t, srv.Messages())
			}
			assert.Zero(t, srv.PendingFaults())
		})
	}
}

// The fault queue: action filters, one-shot faults in order, and the fault
// function.
func TestFaultQueue(t *testing.T) {
	clock := testclock.New(t0)
	var chosen atomic.Int64
	srv := NewServer(Options{Now: clock.Now, Limits: Limits{Disabled: true}, Faults: func(c Request) Fault {
		if c.Params.Get("PhoneNumbers") == "13700137000" {
			chosen.Add(1)
			return Fault{Kind: FaultError, Code: "isv.BLACK_KEY_CONTROL_LIMIT", Message: "黑名单管控"}
		}
		return Fault{}
	}})
	defer srv.Close()
	c := newHandClient(t, srv, clock.Now)
	query := map[string]string{"PhoneNumber": "13800138000", "SendDate": "20240301", "PageSize": "10", "CurrentPage": "1"}

	srv.QueueFault(Fault{Kind: FaultThrottling, Action: "QuerySendDetails"})
	assert.Equal(t, "OK", c.sendSms("13800138000", "1111").Code, "the fault waits for its action")
	assert.Equal(t, 1, srv.PendingFaults())
	assert.Equal(t, "Throttling.User", c.call("QuerySendDetails", query).Code)
	assert.Equal(t, "OK", c.call("QuerySendDetails", query).Code)
	assert.Zero(t, srv.PendingFaults())

	srv.QueueFault(Fault{Kind: FaultSystemError}, Fault{Kind: FaultSystemError})
	srv.QueueFault(Fault{Kind: FaultThrottling})
	var codes []string
	for range 4 {
		codes = append(codes, c.sendSms("13800138000", "2222").Code)
	}
	assert.Equal(t, []string{"isp.SYSTEM_ERROR", "isp.SYSTEM_ERROR", "Throttling.User", "OK"}, codes)

	r := c.sendSms("13700137000", "5555")
	assert.Equal(t, 200, r.Status)
	assert.Equal(t, "isv.BLACK_KEY_CONTROL_LIMIT", r.Code)
	assert.Equal(t, "黑名单管控", r.Message)
	assert.EqualValues(t, 1, chosen.Load())

	srv.SetFaults(nil)
	assert.Equal(t, "OK", c.sendSms("13700137000", "6666").Code)
	srv.SetFaults(func(Request) Fault { return Fault{Kind: FaultDropBeforeAccept} })
	_, err := c.http.Post(srv.URL+"/?"+c.signed(http.MethodPost, "SendSms", nil).Encode(), "", nil)
	assert.Error(t, err)
	assert.Len(t, srv.MessagesTo("13700137000"), 1)
}

// A deterministic mix of faults under concurrency: the fault depends on the
// number, so the tallies are exact whatever the interleaving.
func TestFaultMixUnderConcurrency(t *testing.T) {
	srv, _ := realClockServer(t, Options{Limits: Limits{Disabled: true}})
	kinds := []FaultKind{FaultNone, FaultSystemError, FaultThrottling, FaultDropBeforeAccept, FaultDropAfterAccept}
	var seqs sync.Map
	srv.SetFaults(func(c Request) Fault {
		seqs.Store(c.Seq, true)
		n := c.Params.Get("PhoneNumbers")
		return Fault{Kind: kinds[int(n[len(n)-1]-'0')%len(kinds)]}
	})

	const workers, perWorker = 8, 25
	type tally struct{ ok, server, transport int }
	results := make([]tally, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := newSDK(t, TestAccessKeyID, TestAccessKeySecret) // one per goroutine
			for i := range perWorker {
				resp, err := client.SendSms(sdkSendSms(srv, fmt.Sprintf("1380%03d%04d", w, i), `{"code":"1234"}`))
				var se *sdkerrors.ServerError
				switch {
				case err == nil && resp.Code == "OK":
					results[w].ok++
				case errors.As(err, &se):
					results[w].server++
				case err != nil:
					results[w].transport++
				}
			}
		}()
	}
	wg.Wait()
	var total tally
	for _, r := range results {
		total.ok += r.ok
		total.server += r.server
		total.transport += r.transport
	}
	const n = workers * perWorker
	assert.Equal(t, tally{ok: n / 5, server: 2 * n / 5, transport: 2 * n / 5}, total)
	assert.Len(t, srv.Messages(), 2*n/5, "FaultNone and FaultDropAfterAccept are accepted")
	assert.Equal(t, n, srv.Requests("SendSms"))
	count := 0
	seqs.Range(func(any, any) bool { count++; return true })
	assert.Equal(t, n, count, "every request has its own Seq")
	for _, m := range srv.Messages() {
		last := int(m.PhoneNumber[len(m.PhoneNumber)-1]-'0') % len(kinds)
		assert.Contains(t, []FaultKind{FaultNone, FaultDropAfterAccept}, kinds[last])
	}
}

// Close cancels injected delays at once instead of waiting for them.
func TestServerCloseCancelsDelays(t *testing.T) {
	clock := testclock.New(t0)
	srv := NewServer(Options{Now: clock.Now})
	c := newHandClient(t, srv, clock.Now)
	srv.QueueFault(Fault{Delay: time.Hour})
	srv.QueueFault(Fault{ResponseDelay: time.Hour})

	errs := make(chan error, 2)
	for _, code := range []string{"1111", "2222"} {
		params := c.signed(http.MethodPost, "SendSms", map[string]string{"PhoneNumbers": "13800138000", "SignName": DefaultSignName, "TemplateCode": DefaultTemplateCode, "TemplateParam": `{"code":"` + code + `"}`})
		go func() {
			resp, err := c.http.Post(srv.URL+"/?"+params.Encode(), "", nil)
			if err == nil {
				resp.Body.Close()
			}
			errs <- err
		}()
	}
	require.Eventually(t, func() bool { return srv.Requests("SendSms") == 2 && len(srv.Messages()) == 1 },
		5*time.Second, time.Millisecond, "one request waits before, one after accepting")

	start := time.Now()
	srv.Close()
	elapsed := time.Since(start)
	assert.Less(t, elapsed, 2*time.Second)
	assert.Error(t, <-errs)
	assert.Error(t, <-errs)
	assert.Len(t, srv.Messages(), 1, "the request still waiting before processing was not accepted")
	srv.Close() // idempotent

	_, err := http.Get(srv.URL)
	assert.Error(t, err, "closed")
}

// Mounted on an HTTP/2 server, where connections cannot be hijacked, a drop
// resets the stream instead.
func TestDropOverHTTP2(t *testing.T) {
	clock := testclock.New(t0)
	em := New(Options{Now: clock.Now})
	hs := httptest.NewUnstartedServer(em)
	hs.EnableHTTP2 = true
	hs.Config.ErrorLog = nil
	hs.StartTLS()
	defer hs.Close()

	c := &handClient{t: t, url: hs.URL, id: TestAccessKeyID, secret: TestAccessKeySecret, now: clock.Now, nonce: new(atomic.Int64), http: hs.Client()}
	for _, kind := range []FaultKind{FaultDropBeforeAccept, FaultDropAfterAccept} {
		em.QueueFault(Fault{Kind: kind})
		params := c.signed(http.MethodPost, "SendSms", map[string]string{"PhoneNumbers": "13800138000", "SignName": DefaultSignName, "TemplateCode": DefaultTemplateCode, "TemplateParam": `{"code":"1234"}`})
		resp, err := c.http.Post(hs.URL+"/?"+params.Encode(), "", nil)
		if err == nil {
			_, err = resp.Body.Read(make([]byte, 1))
			resp.Body.Close()
			assert.Equal(t, 2, resp.ProtoMajor)
		}
		require.Error(t, err, kind.String())
		assert.Contains(t, err.Error(), "stream error", "the stream was reset")
		clock.Advance(time.Minute) // past the minute limit
	}
	assert.Len(t, em.Messages(), 1, "only the drop after accepting stored a message")
	assert.Equal(t, "FaultDropAfterAccept", FaultDropAfterAccept.String())
}

// A held request waits for its Hold to return, and is dropped unprocessed
// when its client went away meanwhile.
func TestFaultHold(t *testing.T) {
	clock := testclock.New(t0)
	srv := NewServer(Options{Now: clock.Now, Limits: Limits{Disabled: true}})
	defer srv.Close()
	c := newHandClient(t, srv, clock.Now)

	arrived, release := make(chan struct{}), make(chan struct{})
	srv.QueueFault(Fault{Hold: func(ctx context.Context) {
		close(arrived)
		<-release
	}})
	done := make(chan string)
	go func() { done <- c.sendSms("13800138000", "1111").Code }()
	<-arrived
	assert.Empty(t, srv.Messages(), "held: nothing processed yet")
	close(release)
	assert.Equal(t, "OK", <-done)
	assert.Len(t, srv.Messages(), 1)

	// The client gives up while the request is held: nothing is accepted.
	arrived = make(chan struct{})
	srv.QueueFault(Fault{Hold: func(ctx context.Context) {
		close(arrived)
		<-ctx.Done()
	}})
	ctx, cancel := context.WithCancel(context.Background())
	query := c.signed(http.MethodGet, "SendSms", map[string]string{"PhoneNumbers": "13900139000",
		"SignName": DefaultSignName, "TemplateCode": DefaultTemplateCode, "TemplateParam": `{"code":"2222"}`})
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.url+"/?"+query.Encode(), nil)
	require.NoError(t, err)
	errc := make(chan error)
	go func() {
		resp, err := c.http.Do(req)
		if err == nil {
			_ = resp.Body.Close()
		}
		errc <- err
	}()
	<-arrived
	cancel()
	require.Error(t, <-errc)
	assert.Len(t, srv.Messages(), 1, "a held request whose client went away is not accepted")
}
