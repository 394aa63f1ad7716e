package aliyun

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
)

// send makes call c with w and returns the call's error: the request is
// signed by the SDK's own signer (auth.Sign, with w's credentials), sent
// with w's http.Client over the Sender's transport, and its answer read into
// c.resp by the SDK's responses.Unmarshal.
//
// It is, step by step, what the SDK's Client.DoAction does with a client
// configured as this package configured one (no retries, no read timeout,
// endpoint given, tracing off, no SourceIp, no logger), without the work
// whose result such a client throws away: the log record built on every
// call (JSON of the headers, the host name, times formatted), the debug
// lines, and the proxy and TLS settings it writes into an *http.Transport,
// which callTransport is not. TestSendMatchesDoAction compares the requests
// of both, header for header and parameter for parameter but for the nonce,
// the time and the signature, and their outcomes on every failure class.
func (p *clientPool) send(w *pooledClient, c *call) error {
	r := w.request(&c.act)
	// As buildRequestWithSigner: the endpoint, the SDK's version header,
	// the signature (which obtains the credentials), the URL, the body,
	// the headers.
	r.SetDomain(p.domain)
	r.SetScheme(p.scheme)
	r.GetHeaders()["x-sdk-core-version"] = sdk.Version
	if err := auth.Sign(r, nil, p.region, &w.creds); err != nil {
		return err
	}
	req, err := http.NewRequest(r.GetMethod(), r.BuildUrl(), r.GetBodyReader())
	if err != nil {
		return err
	}
	for k, v := range r.GetHeaders() {
		req.Header[k] = []string{v}
	}
	req.Header.Set("User-Agent", sdk.DefaultUserAgent)
	if err := checkProxyEnvironment(req.URL.Scheme, req.Host, w.noProxyPinned); err != nil {
		return err
	}
	resp, err := w.http.Do(req)
	if err != nil {
		return err
	}
	err = responses.Unmarshal(c.resp, resp, r.GetAcceptFormat())
	if se, ok := err.(*sdkerrors.ServerError); ok {
		se.RespHeaders = c.resp.GetHttpHeaders()
		err = sdkerrors.WrapServerError(se, map[string]string{"StringToSign": r.GetStringToSign()})
	}
	return err
}

// checkProxyEnvironment fails a call as the SDK's DoAction fails it, before
// the request starts, when the proxy environment holds what the SDK cannot
// parse: a proxy URL for scheme that url.Parse refuses, or (unless NO_PROXY
// was set when the client was made, which the SDK's clients were then told
// to ignore) a NO_PROXY entry that is not a regular expression, up to the
// first that matches host. The proxy itself is chosen by the transport, as
// before (the SDK's choice only ever applied to an *http.Transport of its
// own).
func checkProxyEnvironment(scheme, host string, noProxyPinned bool) error {
	names := [2]string{"HTTP_PROXY", "http_proxy"}
	if scheme == "https" {
		names = [2]string{"HTTPS_PROXY", "https_proxy"}
	}
	for _, name := range names {
		if raw := os.Getenv(name); raw != "" {
			if _, err := url.Parse(raw); err != nil {
				return err
			}
			break
		}
	}
	if noProxyPinned {
		return nil
	}
	raw := os.Getenv("NO_PROXY")
	if raw == "" {
		raw = os.Getenv("no_proxy")
	}
	if raw == "" {
		return nil
	}
	for _, entry := range strings.Split(raw, ",") {
		if strings.HasPrefix(entry, "*") {
			entry = fmt.Sprintf(".%s", entry)
		}
		re, err := regexp.Compile(entry)
		if err != nil {
			return err
		}
		if re.MatchString(host) {
			return nil
		}
	}
	return nil
}
