package twilio_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/middleware"
	"github.com/smskit/sms/provider/twilio"
	"github.com/smskit/sms/provider/twilio/twiliotest"
)

// elsewhere is a server a redirect points to; it counts the requests that
// reach it, which must be none.
func elsewhere(t *testing.T) (string, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	h := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Error(w, "gone", http.StatusServiceUnavailable)
	}))
	t.Cleanup(h.Close)
	return h.URL + "/2010-04-01/Accounts/" + twiliotest.TestAccountSID + "/Messages.json", &hits
}

// TestAnswersThatAreNotTwilios sends through the emulator with faults
// that stand for what may sit between the Sender and Twilio. None of these
// answers is the API's: none is a success, and none says "not accepted".
func TestAnswersThatAreNotTwilios(t *testing.T) {
	target, hits := elsewhere(t)
	tests := []struct {
		name        string
		fault       twiliotest.Fault
		wantCreated int
		wantText    string
	}{
		{"302 carrying the created message's sid", twiliotest.Fault{Create: true, Status: 302, Location: target}, 1,
			"the endpoint answered with a redirect (HTTP 302), which twilio's API never sends; it was not followed"},
		{"301 carrying the created message's sid", twiliotest.Fault{Create: true, Status: 301, Location: target}, 1, "(HTTP 301)"},
		{"307 redirect after create", twiliotest.Fault{Create: true, Status: 307, Location: target, RawBody: "<a>moved</a>"}, 1, "(HTTP 307)"},
		{"308 redirect before Twilio", twiliotest.Fault{Status: 308, Location: target}, 0, "(HTTP 308)"},
		{"302 with Twilio's error body", twiliotest.Fault{Status: 302, Code: 21211, Location: target}, 0, "(HTTP 302)"},
		{"gateway's HTML 502, nothing created", twiliotest.Fault{Status: 502, RawBody: twiliotest.GatewayPage}, 0,
			"the answer (HTTP 502) is not twilio's: it has no twilio error code, as from a gateway in front of twilio"},
		{"gateway's HTML 500 after create", twiliotest.Fault{Create: true, Status: 500, RawBody: twiliotest.GatewayPage}, 1, "(HTTP 500)"},
		{"gateway's HTML 503", twiliotest.Fault{Status: 503, RawBody: "<html>Service Unavailable</html>"}, 0, "(HTTP 503)"},
		{"gateway's HTML 400", twiliotest.Fault{Status: 400, RawBody: "<html>Bad Request</html>"}, 0, "(HTTP 400)"},
		{"gateway's empty 502", twiliotest.Fault{Status: 502, RawBody: " "}, 0, "(HTTP 502)"},
		{"Twilio's error under 200", twiliotest.Fault{Create: true, Status: 200, Code: 21211}, 1,
			"twilio's answer (HTTP 200) is not a message with a valid SID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, twiliotest.Options{})
			srv.QueueFault(tt.fault)
			res, err := newSender(t, baseOptions(srv)).Send(context.Background(), loginMessage(recipient))
			require.Error(t, err, "not a success: %+v", res)
			assert.Zero(t, res)
			e, ok := errors.AsType[*sms.Error](err)
			require.True(t, ok)
			assert.Equal(t, sms.Unknown, e.Code)
			assert.False(t, e.NotAccepted, "may have been accepted")
			assert.False(t, sms.IsRetryable(err))
			assert.ErrorIs(t, err, twilio.ErrUnexpectedAnswer)
			assert.Empty(t, e.ProviderCode, "no Twilio code: not Twilio's answer")
			assert.Regexp(t, `^RQ[0-9a-f]{32}$`, e.RequestID)
			assert.Contains(t, err.Error(), tt.wantText)
			assert.Len(t, srv.Messages(), tt.wantCreated)
			assert.Zero(t, hits.Load(), "a redirect is never followed")
		})
	}
}

// TestRetryStackSendsOnce: a gateway's 502 page after Twilio created the
// message used to be "unavailable, not accepted", and the recommended
// retry sent the message three times.
func TestRetryStackSendsOnce(t *testing.T) {
	for name, fault := range map[string]twiliotest.Fault{
		"gateway page":   {Create: true, Status: 502, RawBody: twiliotest.GatewayPage},
		"redirect":       {Create: true, Status: 302, Location: "https://example.com/"},
		"cut error body": {Create: true, Status: 503, RawBody: `{"code":20503,"message":"Service`},
	} {
		t.Run(name, func(t *testing.T) {
			srv := newServer(t, twiliotest.Options{})
			srv.SetFaults(func(twiliotest.Request) twiliotest.Fault { return fault })
			retry := middleware.Retry(middleware.RetryOptions{MaxAttempts: 3,
				Sleep: func(context.Context, time.Duration) error { return nil }})
			_, err := retry(newSender(t, baseOptions(srv))).Send(context.Background(), loginMessage(recipient))
			require.Error(t, err)
			assert.False(t, sms.IsNotAccepted(err))
			assert.Len(t, srv.Messages(), 1, "sent once")
			assert.Equal(t, 1, srv.Requests())
		})
	}
}

// TestSameAnswerSameClassWhateverStatus sends each body under every
// status: only Twilio's error body under a 4xx or 5xx says "not accepted",
// only a Message with a valid SID under a 2xx is a success, and every
// other pairing may have been accepted.
func TestSameAnswerSameClassWhateverStatus(t *testing.T) {
	const sid = "SM0123456789abcdef0123456789abcdef"
	bodies := map[string]struct {
		body  string
		shape string // "message", "error" or "foreign"
	}{
		"message":               {`{"sid":"` + sid + `","status":"queued"}`, "message"},
		"message with MM sid":   {`{"sid":"MM0123456789abcdef0123456789abcdef"}`, "message"},
		"twilio error":          {`{"code":21211,"message":"The 'To' number is not valid","more_info":"x","status":400}`, "error"},
		"sid too short":         {`{"sid":"SM0"}`, "foreign"},
		"sid of another kind":   {`{"sid":"AC0123456789abcdef0123456789abcdef"}`, "foreign"},
		"sid not a string":      {`{"sid":12345}`, "foreign"},
		"code as a string":      {`{"code":"21211","message":"x"}`, "foreign"},
		"code as a float":       {`{"code":21211.5,"message":"x"}`, "foreign"},
		"code of ten digits":    {`{"code":4155552671,"message":"x"}`, "foreign"},
		"code, message number":  {`{"code":21211,"message":4155552671}`, "foreign"},
		"code, status a string": {`{"code":21211,"status":"400"}`, "foreign"},
		"cut JSON":              {`{"code":21211,"message":"The`, "foreign"},
		"HTML":                  {`<html><body>502 Bad Gateway</body></html>`, "foreign"},
		"empty":                 {``, "foreign"},
		"JSON array":            {`[{"code":21211}]`, "foreign"},
	}
	statuses := []int{200, 201, 202, 301, 302, 303, 307, 308, 400, 401, 404, 429, 500, 502, 503}
	for name, b := range bodies {
		for _, status := range statuses {
			s := newSender(t, twilio.Options{AccountSID: twiliotest.TestAccountSID, AuthToken: twiliotest.TestAuthToken,
				From: twiliotest.TestFrom, Transport: answeringTransport(status, b.body)})
			res, err := s.Send(context.Background(), sms.Message{To: recipient, Body: "hi"})
			ok2xx := status >= 200 && status < 300
			switch {
			case b.shape == "message" && ok2xx:
				require.NoError(t, err, "%s under %d", name, status)
				assert.True(t, strings.HasPrefix(res.MessageID, "SM") || strings.HasPrefix(res.MessageID, "MM"))
			case b.shape == "error" && status >= 400:
				assert.True(t, sms.IsNotAccepted(err), "%s under %d: %v", name, status, err)
				e, _ := errors.AsType[*sms.Error](err)
				assert.Equal(t, "21211", e.ProviderCode, "%s under %d", name, status)
			default:
				require.Error(t, err, "%s under %d", name, status)
				assert.False(t, sms.IsNotAccepted(err), "%s under %d: %v", name, status, err)
				assert.Equal(t, sms.Unknown, sms.CodeOf(err), "%s under %d", name, status)
				assert.ErrorIs(t, err, twilio.ErrUnexpectedAnswer)
			}
		}
	}
}

// TestBodyCutByTheConnection: an answer whose status arrived but whose
// body broke off is not Twilio's whole answer, whatever its status.
func TestBodyCutByTheConnection(t *testing.T) {
	for _, status := range []int{201, 400, 503} {
		transport := roundTripFunc(func(*http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: status, Header: http.Header{},
				Body: io.NopCloser(io.MultiReader(strings.NewReader(`{"code":21211,"message":"x","status":400}`),
					errReader{io.ErrUnexpectedEOF}))}, nil
		})
		s := newSender(t, twilio.Options{AccountSID: twiliotest.TestAccountSID, AuthToken: twiliotest.TestAuthToken,
			From: twiliotest.TestFrom, Transport: transport})
		_, err := s.Send(context.Background(), sms.Message{To: recipient, Body: "hi"})
		require.Error(t, err)
		assert.False(t, sms.IsNotAccepted(err), "HTTP %d: %v", status, err)
		assert.Equal(t, sms.Unknown, sms.CodeOf(err))
	}
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }
