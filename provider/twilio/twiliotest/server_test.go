package twiliotest_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twilio/twilio-go/client"
	openapi "github.com/twilio/twilio-go/rest/api/v2010"

	"github.com/smskit/sms/internal/testclock"
	"github.com/smskit/sms/provider/twilio/twiliotest"
)

// newAPI returns the unmodified twilio-go Messages API pointed at srv.
func newAPI(srv *twiliotest.Server, sid, token string) *openapi.ApiService {
	c := &client.Client{Credentials: client.NewCredentials(sid, token), HTTPClient: srv.Client()}
	c.SetAccountSid(sid)
	return openapi.NewApiServiceWithClient(c)
}

func newServer(t *testing.T, opts twiliotest.Options) *twiliotest.Server {
	t.Helper()
	srv := twiliotest.NewServer(opts)
	t.Cleanup(srv.Close)
	return srv
}

func params(to, from, body string) *openapi.CreateMessageParams {
	p := &openapi.CreateMessageParams{}
	if to != "" {
		p.SetTo(to)
	}
	if from != "" {
		p.SetFrom(from)
	}
	if body != "" {
		p.SetBody(body)
	}
	return p
}

func restError(t *testing.T, err error) *client.TwilioRestError {
	t.Helper()
	var rest *client.TwilioRestError
	require.ErrorAs(t, err, &rest)
	return rest
}

func TestRealClientCreatesAndFetches(t *testing.T) {
	clk := testclock.New(time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC))
	srv := newServer(t, twiliotest.Options{Now: clk.Now})
	api := newAPI(srv, twiliotest.TestAccountSID, twiliotest.TestAuthToken)

	p := params("+14155552671", twiliotest.TestFrom, "Your code is 123456")
	p.SetStatusCallback("https://example.com/status")
	created, err := api.CreateMessage(p)
	require.NoError(t, err)

	assert.Regexp(t, `^SM[0-9a-f]{32}$`, *created.Sid)
	assert.Equal(t, "queued", *created.Status)
	assert.Equal(t, twiliotest.TestAccountSID, *created.AccountSid)
	assert.Equal(t, "+14155552671", *created.To)
	assert.Equal(t, twiliotest.TestFrom, *created.From)
	assert.Equal(t, "Your code is 123456", *created.Body)
	assert.Equal(t, "1", *created.NumSegments)
	assert.Equal(t, "Sat, 01 Mar 2025 12:00:00 +0000", *created.DateCreated)
	assert.Nil(t, created.Price)
	assert.Nil(t, created.ErrorCode)
	assert.Nil(t, created.DateSent)
	assert.Equal(t, "/2010-04-01/Accounts/"+twiliotest.TestAccountSID+"/Messages/"+*created.Sid+".json", *created.Uri)

	steps := []struct {
		advance time.Duration
		status  string
	}{
		{0, "queued"},
		{twiliotest.DefaultSentAfter, "sent"},
		{twiliotest.DefaultDeliveredAfter - time.Nanosecond, "sent"},
		{time.Nanosecond, "delivered"},
	}
	for _, step := range steps {
		clk.Advance(step.advance)
		got, err := api.FetchMessage(*created.Sid, nil)
		require.NoError(t, err)
		assert.Equal(t, step.status, *got.Status)
	}

	msgs := srv.Messages()
	require.Len(t, msgs, 1)
	assert.Equal(t, "https://example.com/status", msgs[0].StatusCallback)
	assert.Equal(t, "delivered", msgs[0].Status)
}

func TestOutcomeAndMessagingService(t *testing.T) {
	clk := testclock.New(time.Unix(1_700_000_000, 0))
	srv := newServer(t, twiliotest.Options{
		Now:            clk.Now,
		SentAfter:      time.Minute,
		DeliveredAfter: time.Hour,
		Outcome: func(to string) twiliotest.Outcome {
			return twiliotest.Outcome{Status: "undelivered", ErrorCode: 30003}
		},
	})
	api := newAPI(srv, twiliotest.TestAccountSID, twiliotest.TestAuthToken)
	p := params("+14155552671", "", "hi")
	p.SetMessagingServiceSid(twiliotest.TestMessagingServiceSID)
	created, err := api.CreateMessage(p)
	require.NoError(t, err)
	assert.Equal(t, "accepted", *created.Status)
	assert.Nil(t, created.From)

	clk.Advance(time.Minute + time.Hour)
	got, err := api.FetchMessage(*created.Sid, nil)
	require.NoError(t, err)
	assert.Equal(t, "undelivered", *got.Status)
	require.NotNil(t, got.ErrorCode)
	assert.Equal(t, 30003, *got.ErrorCode)
	assert.NotNil(t, got.DateSent)
}

func TestRejectsBadAuth(t *testing.T) {
	srv := newServer(t, twiliotest.Options{Accounts: map[string]string{
		twiliotest.TestAccountSID:            twiliotest.TestAuthToken,
		"AC00000000000000000000000000000002": "ffffffffffffffffffffffffffffffff",
	}})
	tests := []struct {
		name       string
		sid, token string
		wantStatus int
		wantCode   int
	}{
		{"wrong token", twiliotest.TestAccountSID, "deadbeefdeadbeefdeadbeefdeadbeef", 401, 20003},
		{"unknown account", "AC99999999999999999999999999999999", twiliotest.TestAuthToken, 401, 20003},
		{"other account's token", twiliotest.TestAccountSID, "ffffffffffffffffffffffffffffffff", 401, 20003},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := newAPI(srv, tt.sid, tt.token).CreateMessage(params("+14155552671", twiliotest.TestFrom, "hi"))
			rest := restError(t, err)
			assert.Equal(t, tt.wantStatus, rest.Status)
			assert.Equal(t, tt.wantCode, rest.Code)
		})
	}
	t.Run("no credentials", func(t *testing.T) {
		resp, err := http.PostForm(srv.URL+"/2010-04-01/Accounts/"+twiliotest.TestAccountSID+"/Messages.json",
			url.Values{"To": {"+14155552671"}, "From": {twiliotest.TestFrom}, "Body": {"hi"}})
		require.NoError(t, err)
		defer resp.Body.Close()
		assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
		assert.Equal(t, `Basic realm="Twilio API"`, resp.Header.Get("WWW-Authenticate"))
	})
	t.Run("another account's path", func(t *testing.T) {
		p := params("+14155552671", twiliotest.TestFrom, "hi")
		p.SetPathAccountSid("AC00000000000000000000000000000002")
		_, err := newAPI(srv, twiliotest.TestAccountSID, twiliotest.TestAuthToken).CreateMessage(p)
		assert.Equal(t, 20404, restError(t, err).Code)
	})
	assert.Empty(t, srv.Messages())
}

func TestValidation(t *testing.T) {
	srv := newServer(t, twiliotest.Options{RejectTo: map[string]int{"+14155550100": 21614}})
	api := newAPI(srv, twiliotest.TestAccountSID, twiliotest.TestAuthToken)
	tests := []struct {
		name           string
		to, from, body string
		service        string
		callback       string
		wantCode       int
	}{
		{name: "missing To", from: twiliotest.TestFrom, body: "hi", wantCode: 21604},
		{name: "To not E.164", to: "4155552671", from: twiliotest.TestFrom, body: "hi", wantCode: 21211},
		{name: "magic invalid To", to: "+15005550001", from: twiliotest.TestFrom, body: "hi", wantCode: 21211},
		{name: "magic unroutable To", to: "+15005550002", from: twiliotest.TestFrom, body: "hi", wantCode: 21612},
		{name: "magic no permission", to: "+15005550003", from: twiliotest.TestFrom, body: "hi", wantCode: 21408},
		{name: "magic unsubscribed", to: "+15005550004", from: twiliotest.TestFrom, body: "hi", wantCode: 21610},
		{name: "magic not mobile", to: "+15005550009", from: twiliotest.TestFrom, body: "hi", wantCode: 21614},
		{name: "RejectTo", to: "+14155550100", from: twiliotest.TestFrom, body: "hi", wantCode: 21614},
		{name: "missing From", to: "+14155552671", body: "hi", wantCode: 21603},
		{name: "magic invalid From", to: "+14155552671", from: "+15005550001", body: "hi", wantCode: 21212},
		{name: "magic unowned From", to: "+14155552671", from: "+15005550007", body: "hi", wantCode: 21606},
		{name: "magic full queue", to: "+14155552671", from: "+15005550008", body: "hi", wantCode: 21611},
		{name: "unowned From", to: "+14155552671", from: "+14155559999", body: "hi", wantCode: 21606},
		{name: "unknown service", to: "+14155552671", service: "MG99999999999999999999999999999999", body: "hi", wantCode: 21705},
		{name: "missing Body", to: "+14155552671", from: twiliotest.TestFrom, wantCode: 21602},
		{name: "Body too long", to: "+14155552671", from: twiliotest.TestFrom, body: strings.Repeat("a", 1601), wantCode: 21617},
		{name: "bad callback", to: "+14155552671", from: twiliotest.TestFrom, body: "hi", callback: "not a url", wantCode: 21609},
		{name: "valid", to: "+14155552671", from: twiliotest.TestFrom, body: strings.Repeat("a", 1600)},
		{name: "valid with service", to: "+14155552671", service: twiliotest.TestMessagingServiceSID, body: "hi"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := params(tt.to, tt.from, tt.body)
			if tt.service != "" {
				p.SetMessagingServiceSid(tt.service)
			}
			if tt.callback != "" {
				p.SetStatusCallback(tt.callback)
			}
			before := len(srv.Messages())
			_, err := api.CreateMessage(p)
			if tt.wantCode == 0 {
				require.NoError(t, err)
				assert.Len(t, srv.Messages(), before+1)
				return
			}
			rest := restError(t, err)
			assert.Equal(t, tt.wantCode, rest.Code)
			assert.Equal(t, 400, rest.Status)
			assert.Equal(t, fmt.Sprintf("https://www.twilio.com/docs/errors/%d", tt.wantCode), rest.MoreInfo)
			assert.NotEmpty(t, rest.Message)
			assert.Len(t, srv.Messages(), before)
		})
	}
}

func TestFetchUnknownMessage(t *testing.T) {
	srv := newServer(t, twiliotest.Options{})
	_, err := newAPI(srv, twiliotest.TestAccountSID, twiliotest.TestAuthToken).
		FetchMessage("SM99999999999999999999999999999999", nil)
	rest := restError(t, err)
	assert.Equal(t, 404, rest.Status)
	assert.Equal(t, 20404, rest.Code)
}

func TestErrorFaults(t *testing.T) {
	tests := []struct {
		name       string
		fault      twiliotest.Fault
		wantStatus int
		wantCode   int
		wantRetry  string
	}{
		{"internal error", twiliotest.Fault{Status: 500}, 500, 20500, ""},
		{"unavailable", twiliotest.Fault{Status: 503}, 503, 20503, ""},
		{"throttled", twiliotest.Fault{Status: 429, RetryAfter: 1500 * time.Millisecond}, 429, 20429, "2"},
		{"code only", twiliotest.Fault{Code: 21610}, 400, 21610, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, twiliotest.Options{})
			srv.QueueFault(tt.fault)
			req, err := http.NewRequest(http.MethodPost, srv.URL+"/2010-04-01/Accounts/"+twiliotest.TestAccountSID+"/Messages.json",
				strings.NewReader(url.Values{"To": {"+14155552671"}, "From": {twiliotest.TestFrom}, "Body": {"hi"}}.Encode()))
			require.NoError(t, err)
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.SetBasicAuth(twiliotest.TestAccountSID, twiliotest.TestAuthToken)
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			assert.Equal(t, tt.wantStatus, resp.StatusCode)
			assert.Equal(t, tt.wantRetry, resp.Header.Get("Retry-After"))
			assert.Regexp(t, `^RQ[0-9a-f]{32}$`, resp.Header.Get("Twilio-Request-Id"))
			assert.Contains(t, string(body), fmt.Sprintf(`"code":%d`, tt.wantCode))
			assert.Contains(t, string(body), fmt.Sprintf(`"status":%d`, tt.wantStatus))
			assert.Empty(t, srv.Messages(), "a faulted request creates nothing")

			_, err = newAPI(srv, twiliotest.TestAccountSID, twiliotest.TestAuthToken).
				CreateMessage(params("+14155552671", twiliotest.TestFrom, "hi"))
			require.NoError(t, err, "a queued fault applies once")
		})
	}
}

func TestRawBodyFault(t *testing.T) {
	srv := newServer(t, twiliotest.Options{})
	srv.QueueFault(twiliotest.Fault{RawBody: "<html>Bad Gateway</html>"})
	_, err := newAPI(srv, twiliotest.TestAccountSID, twiliotest.TestAuthToken).
		CreateMessage(params("+14155552671", twiliotest.TestFrom, "hi"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "502")
	assert.Empty(t, srv.Messages())
}

func TestDropFaults(t *testing.T) {
	tests := []struct {
		name        string
		drop        twiliotest.Drop
		wantCreated int
	}{
		{"before create", twiliotest.DropBeforeCreate, 0},
		{"after create", twiliotest.DropAfterCreate, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, twiliotest.Options{})
			srv.QueueFault(twiliotest.Fault{Drop: tt.drop})
			_, err := newAPI(srv, twiliotest.TestAccountSID, twiliotest.TestAuthToken).
				CreateMessage(params("+14155552671", twiliotest.TestFrom, "hi"))
			require.Error(t, err)
			var rest *client.TwilioRestError
			assert.False(t, errors.As(err, &rest), "a dropped connection is no Twilio answer")
			assert.Len(t, srv.Messages(), tt.wantCreated)
			assert.Equal(t, 1, srv.Requests())
		})
	}
}

func TestStallFault(t *testing.T) {
	srv := newServer(t, twiliotest.Options{})
	arrived, release := make(chan struct{}), make(chan struct{})
	srv.QueueFault(twiliotest.Fault{Stall: func(ctx context.Context) {
		close(arrived)
		select {
		case <-release:
		case <-ctx.Done():
		}
	}})
	done := make(chan error, 1)
	go func() {
		_, err := newAPI(srv, twiliotest.TestAccountSID, twiliotest.TestAuthToken).
			CreateMessage(params("+14155552671", twiliotest.TestFrom, "hi"))
		done <- err
	}()
	<-arrived
	assert.Len(t, srv.Messages(), 1, "the stall comes after the message is created")
	close(release)
	require.NoError(t, <-done)
}

func TestStallEndsOnClose(t *testing.T) {
	srv := twiliotest.NewServer(twiliotest.Options{})
	arrived := make(chan struct{})
	srv.QueueFault(twiliotest.Fault{Stall: func(ctx context.Context) {
		close(arrived)
		<-ctx.Done()
	}})
	go func() {
		_, _ = newAPI(srv, twiliotest.TestAccountSID, twiliotest.TestAuthToken).
			CreateMessage(params("+14155552671", twiliotest.TestFrom, "hi"))
	}()
	<-arrived
	srv.Close() // returns: the stall ends when the server closes
}

func TestFaultFunc(t *testing.T) {
	srv := newServer(t, twiliotest.Options{})
	srv.SetFaults(func(r twiliotest.Request) twiliotest.Fault {
		if r.Form.Get("To") == "+14155550100" {
			return twiliotest.Fault{Status: 503}
		}
		return twiliotest.Fault{} // none
	})
	api := newAPI(srv, twiliotest.TestAccountSID, twiliotest.TestAuthToken)
	_, err := api.CreateMessage(params("+14155550100", twiliotest.TestFrom, "hi"))
	assert.Equal(t, 20503, restError(t, err).Code)
	_, err = api.CreateMessage(params("+14155552671", twiliotest.TestFrom, "hi"))
	require.NoError(t, err)

	srv.QueueFault(twiliotest.Fault{Status: 500})
	_, err = api.CreateMessage(params("+14155552671", twiliotest.TestFrom, "hi"))
	assert.Equal(t, 20500, restError(t, err).Code, "the queue comes first")

	srv.QueueFault(twiliotest.Fault{Status: 500}, twiliotest.Fault{Status: 429})
	srv.ClearFaults()
	_, err = api.CreateMessage(params("+14155550100", twiliotest.TestFrom, "hi"))
	require.NoError(t, err, "ClearFaults removes the queue and the function")

	srv.SetFaults(func(twiliotest.Request) twiliotest.Fault { return twiliotest.Fault{Status: 503} })
	srv.SetFaults(nil)
	_, err = api.CreateMessage(params("+14155550100", twiliotest.TestFrom, "hi"))
	require.NoError(t, err, "a nil function means no fault")
}

func TestQueueFaultIsFIFO(t *testing.T) {
	srv := newServer(t, twiliotest.Options{})
	api := newAPI(srv, twiliotest.TestAccountSID, twiliotest.TestAuthToken)
	srv.QueueFault(twiliotest.Fault{Status: 500}, twiliotest.Fault{Status: 503})
	srv.QueueFault(twiliotest.Fault{Status: 429})
	for _, want := range []int{20500, 20503, 20429} {
		_, err := api.CreateMessage(params("+14155552671", twiliotest.TestFrom, "hi"))
		assert.Equal(t, want, restError(t, err).Code)
	}
}

func TestInspection(t *testing.T) {
	srv := newServer(t, twiliotest.Options{})
	api := newAPI(srv, twiliotest.TestAccountSID, twiliotest.TestAuthToken)
	var sids []string
	for _, to := range []string{"+14155552671", "+14155552672", "+14155552671"} {
		m, err := api.CreateMessage(params(to, twiliotest.TestFrom, "hi "+to))
		require.NoError(t, err)
		sids = append(sids, *m.Sid)
	}
	to1 := srv.MessagesTo("+14155552671")
	require.Len(t, to1, 2)
	assert.Equal(t, []string{sids[0], sids[2]}, []string{to1[0].SID, to1[1].SID})

	m, ok := srv.Message(sids[1])
	require.True(t, ok)
	assert.Equal(t, "hi +14155552672", m.Body)

	msgs := srv.Messages()
	msgs[0].Body = "changed"
	assert.Equal(t, "hi +14155552671", srv.Messages()[0].Body, "Messages returns copies")
	assert.Equal(t, 3, srv.Requests())

	srv.QueueFault(twiliotest.Fault{Status: 500})
	srv.Reset()
	assert.Empty(t, srv.Messages())
	assert.Zero(t, srv.Requests())
	_, ok = srv.Message(sids[0])
	assert.False(t, ok)
	m2, err := api.CreateMessage(params("+14155552671", twiliotest.TestFrom, "hi"))
	require.NoError(t, err, "Reset drops queued faults")
	assert.NotContains(t, sids, *m2.Sid, "SIDs stay unique across resets")
}

func TestSegments(t *testing.T) {
	tests := []struct {
		body string
		want string
	}{
		{strings.Repeat("a", 160), "1"},
		{strings.Repeat("a", 161), "2"},
		{strings.Repeat("a", 306), "2"},
		{strings.Repeat("a", 307), "3"},
		{strings.Repeat("€", 80), "1"},
		{strings.Repeat("€", 81), "2"},
		{strings.Repeat("验", 70), "1"},
		{strings.Repeat("验", 71), "2"},
		{strings.Repeat("🎉", 35), "1"},
		{strings.Repeat("🎉", 36), "2"},
	}
	srv := newServer(t, twiliotest.Options{})
	api := newAPI(srv, twiliotest.TestAccountSID, twiliotest.TestAuthToken)
	for _, tt := range tests {
		m, err := api.CreateMessage(params("+14155552671", twiliotest.TestFrom, tt.body))
		require.NoError(t, err)
		assert.Equal(t, tt.want, *m.NumSegments, "%.10q…", tt.body)
	}
}

func TestConcurrentClients(t *testing.T) {
	srv := newServer(t, twiliotest.Options{})
	api := newAPI(srv, twiliotest.TestAccountSID, twiliotest.TestAuthToken)
	const n = 64
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			_, err := api.CreateMessage(params(fmt.Sprintf("+1415555%04d", i), twiliotest.TestFrom, "hi"))
			errs <- err
			_ = srv.Messages()
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	seen := map[string]bool{}
	for _, m := range srv.Messages() {
		seen[m.SID] = true
	}
	assert.Len(t, seen, n)
}
