package twiliotest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms/provider/twilio/twiliotest"
)

// post sends a create request with the default credentials and returns the
// answer's status, header and body.
func post(t *testing.T, srv *twiliotest.Server, form url.Values) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/2010-04-01/Accounts/"+twiliotest.TestAccountSID+"/Messages.json",
		strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(twiliotest.TestAccountSID, twiliotest.TestAuthToken)
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, resp.Header, string(body)
}

func validForm() url.Values {
	return url.Values{"To": {"+14155552671"}, "From": {twiliotest.TestFrom}, "Body": {"hi"}}
}

func TestAnswerFaults(t *testing.T) {
	tests := []struct {
		name         string
		fault        twiliotest.Fault
		wantStatus   int
		wantCreated  int
		wantLocation string
		wantSID      bool   // the body is the created message, with its sid
		wantBody     string // a substring of the body
	}{
		{"gateway page, nothing created", twiliotest.Fault{RawBody: twiliotest.GatewayPage}, 502, 0, "", false, "502 Bad Gateway"},
		{"gateway 500 page after create", twiliotest.Fault{Create: true, Status: 500, RawBody: "<html>oops</html>"}, 500, 1, "", false, "oops"},
		{"redirect before handling", twiliotest.Fault{Status: 307, Location: "http://127.0.0.1:1/elsewhere"}, 307, 0,
			"http://127.0.0.1:1/elsewhere", false, ""},
		{"3xx carrying the created sid", twiliotest.Fault{Create: true, Status: 302, Location: "http://127.0.0.1:1/x"}, 302, 1,
			"http://127.0.0.1:1/x", true, ""},
		{"error code after create", twiliotest.Fault{Create: true, Status: 503, Code: 20503}, 503, 1, "", false, `"code":20503`},
		{"create without change", twiliotest.Fault{Create: true}, 201, 1, "", true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, twiliotest.Options{})
			srv.QueueFault(tt.fault)
			status, header, body := post(t, srv, validForm())
			assert.Equal(t, tt.wantStatus, status)
			assert.Len(t, srv.Messages(), tt.wantCreated)
			assert.Equal(t, tt.wantLocation, header.Get("Location"))
			assert.Regexp(t, `^RQ[0-9a-f]{32}$`, header.Get("Twilio-Request-Id"))
			assert.Contains(t, body, tt.wantBody)
			var m struct {
				SID string `json:"sid"`
			}
			_ = json.Unmarshal([]byte(body), &m)
			if tt.wantSID {
				require.Len(t, srv.Messages(), 1)
				assert.Equal(t, srv.Messages()[0].SID, m.SID)
			} else {
				assert.Empty(t, m.SID)
			}
		})
	}
}

func TestRequestBodyLimit(t *testing.T) {
	srv := newServer(t, twiliotest.Options{})
	srv.QueueFault(twiliotest.Fault{Status: 500})
	form := validForm()
	form.Set("Body", strings.Repeat("a", twiliotest.MaxRequestBytes))
	status, _, body := post(t, srv, form)
	assert.Equal(t, http.StatusRequestEntityTooLarge, status)
	assert.Contains(t, body, `"code":20413`)
	assert.Empty(t, srv.Messages())
	assert.Equal(t, 1, srv.Requests(), "counted")

	status, _, _ = post(t, srv, validForm())
	assert.Equal(t, 500, status, "the queued fault is still there: a refused request takes none")
}

func TestRequestHeaderLimit(t *testing.T) {
	srv := newServer(t, twiliotest.Options{})
	req, err := http.NewRequest(http.MethodGet, srv.URL+"/", nil)
	require.NoError(t, err)
	req.Header.Set("X-Big", strings.Repeat("a", 2*twiliotest.MaxHeaderBytes))
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusRequestHeaderFieldsTooLarge, resp.StatusCode)
	assert.Zero(t, srv.Requests())
}

func TestMaxMessages(t *testing.T) {
	srv := newServer(t, twiliotest.Options{MaxMessages: 3})
	api := newAPI(srv, twiliotest.TestAccountSID, twiliotest.TestAuthToken)
	var sids []string
	for i := range 5 {
		m, err := api.CreateMessage(params("+14155552671", twiliotest.TestFrom, "hi "+string(rune('a'+i))))
		require.NoError(t, err)
		sids = append(sids, *m.Sid)
	}
	msgs := srv.Messages()
	require.Len(t, msgs, 3)
	assert.Equal(t, sids[2:], []string{msgs[0].SID, msgs[1].SID, msgs[2].SID}, "the oldest are forgotten")
	_, ok := srv.Message(sids[0])
	assert.False(t, ok)
	_, err := api.FetchMessage(sids[1], nil)
	assert.Equal(t, 20404, restError(t, err).Code)
	_, err = api.FetchMessage(sids[4], nil)
	assert.NoError(t, err)
}

func TestAnswersQuoteBoundedText(t *testing.T) {
	srv := newServer(t, twiliotest.Options{})
	form := validForm()
	form.Set("To", strings.Repeat("9", 10_000))
	status, _, body := post(t, srv, form)
	assert.Equal(t, 400, status)
	assert.Contains(t, body, `"code":21211`)
	assert.Less(t, len(body), 1024)
}
