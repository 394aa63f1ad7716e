package twiliotest

import "net/http"

// Client returns an HTTP client that sends every request, whatever its URL's
// scheme and host (such as https://api.twilio.com), to the server over plain
// HTTP, and does not follow redirects, as twilio-go's own client. Set it as
// the HTTPClient of a twilio-go client.Client to point the unmodified
// twilio-go at the server:
//
//	c := &client.Client{
//		Credentials: client.NewCredentials(twiliotest.TestAccountSID, twiliotest.TestAuthToken),
//		HTTPClient:  srv.Client(),
//	}
//	c.SetAccountSid(twiliotest.TestAccountSID)
//	api := openapi.NewApiServiceWithClient(c) // github.com/twilio/twilio-go/rest/api/v2010
func (s *Server) Client() *http.Client {
	return &http.Client{
		Transport: redirectTo{host: s.Host, next: s.http.Client().Transport},
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// redirectTo sends every request to host over plain HTTP.
type redirectTo struct {
	host string
	next http.RoundTripper
}

// RoundTrip rewrites a copy of req's URL and sends it.
func (t redirectTo) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.URL.Scheme, req.URL.Host, req.Host = "http", t.host, ""
	return t.next.RoundTrip(req)
}
