package wire

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/twilio/twilio-go/client"
)

// Client is one Twilio account as the Twilio packages reach it: its keys,
// the Endpoint that replaces every Twilio host, the HTTP transport and the
// clock. Its zero value is not usable: NewClient makes one.
type Client struct {
	// AccountSID is the account.
	AccountSID string
	// Keys returns the account's secrets (see Keys).
	Keys func() *Keys
	// Base, when not nil, replaces the scheme and host of every request
	// (api.twilio.com, verify.twilio.com, …) and prefixes its path.
	Base *url.URL
	// Transport sends the requests.
	Transport http.RoundTripper
	// Edge and Region are twilio-go's, read from TWILIO_EDGE and
	// TWILIO_REGION at NewClient.
	Edge, Region string
	// Now turns a Retry-After date into a duration.
	Now func() time.Time
}

// NewClient returns a Client of the account. A nil transport means one of
// the Client's own, configured as http.DefaultTransport but reading at most
// MaxAnswerBytes of an answer's header; a nil now means time.Now.
func NewClient(accountSID, authToken string, base *url.URL, transport http.RoundTripper, now func() time.Time) *Client {
	if transport == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxResponseHeaderBytes = MaxAnswerBytes
		transport = t
	}
	if now == nil {
		now = time.Now
	}
	return &Client{
		AccountSID: accountSID,
		Keys:       NewKeys(accountSID, authToken),
		Base:       base,
		Transport:  transport,
		Edge:       os.Getenv("TWILIO_EDGE"),
		Region:     os.Getenv("TWILIO_REGION"),
		Now:        now,
	}
}

// NewCall returns a Call carrying ctx and a twilio-go request handler bound
// to it, for one API call of any of twilio-go's API packages
// (NewApiService(handler)).
func (cl *Client) NewCall(ctx context.Context) (*Call, *client.RequestHandler) {
	c := &Call{ctx: ctx, base: cl.Base, next: cl.Transport}
	tc := &client.Client{Credentials: cl.Keys().Credentials, HTTPClient: c.httpClient()}
	tc.SetAccountSid(cl.AccountSID)
	return c, &client.RequestHandler{Client: tc, Edge: cl.Edge, Region: cl.Region}
}

// CloseIdleConnections closes the idle connections of the transport, when
// it has such a method.
func (cl *Client) CloseIdleConnections() {
	if t, ok := cl.Transport.(interface{ CloseIdleConnections() }); ok {
		t.CloseIdleConnections()
	}
}

// ParseEndpoint parses an Endpoint option: an absolute http or https URL of
// at most 2,048 bytes, such as "https://host:port", whose path, if any,
// prefixes the API's. ok is false for anything else.
func ParseEndpoint(raw string) (u *url.URL, ok bool) {
	if len(raw) > 2048 {
		return nil, false
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, false
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	return u, true
}
