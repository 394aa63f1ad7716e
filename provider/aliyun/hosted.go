package aliyun

import (
	"context"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/apierr"
	"github.com/smskit/sms/internal/redact"
	"github.com/smskit/sms/internal/wiretrack"
	"github.com/smskit/sms/provider/aliyun/internal/hosted"
)

// The packages of Aliyun's hosted services (aliyunverify) make their SDK
// calls through this package's transport, credentials, classification and
// redaction, by way of package hosted: this file is the bridge.
func init() { hosted.New = newHostedClient }

// hostedClient implements hosted.Client. It keeps idle SDK clients of the
// hosted product for reuse (an SDK client is not safe for concurrent use)
// and makes each call on the caller's goroutine.
type hostedClient struct {
	timeout                time.Duration
	describe               string
	scheme, domain, region string
	base                   http.RoundTripper
	own                    *http.Transport // nil when Config.Transport was given
	creds                  credentials.CredentialsProvider
	newSDK                 hosted.NewSDKClient
	maxIdle                int

	mu   sync.Mutex
	free []*hostedWorker
}

// hostedWorker is one SDK client with the record of its current call, which
// its transport and credentials hooks read.
type hostedWorker struct {
	pc  *pooledClient
	api *sdk.Client
}

// newHostedClient checks c as New checks Options and makes a client.
func newHostedClient(c hosted.Config, newSDK hosted.NewSDKClient) (hosted.Client, error) {
	if c.Endpoint == "" {
		return nil, optionsError("Endpoint is required")
	}
	o := Options{AccessKeyID: c.AccessKeyID, AccessKeySecret: c.AccessKeySecret, Credentials: c.Credentials,
		RegionID: c.RegionID, Endpoint: c.Endpoint, ConnectTimeout: c.ConnectTimeout, Timeout: c.Timeout,
		MaxIdleConns: c.MaxIdleConns, Transport: c.Transport}
	st, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	h := &hostedClient{timeout: st.Timeout, scheme: st.scheme, domain: st.domain, region: st.RegionID,
		base: st.Transport, creds: newCredentials(o), newSDK: newSDK, maxIdle: min(st.MaxIdleConns, 1<<16)}
	h.describe = st.credentials + ", Endpoint: " + redact.URL(c.Endpoint)
	if h.base == nil {
		h.own = wiretrack.NewTransport(st.ConnectTimeout, st.MaxIdleConns)
		h.base = h.own
	}
	w, err := h.newWorker()
	if err != nil {
		return nil, optionsError("the SDK refused the options")
	}
	h.free = append(h.free, w)
	return h, nil
}

// newWorker makes an SDK client that never retries, uses the client's
// transport and credentials, never resolves endpoints over the network, and
// leaves the timeout to the call's context (see clientPool.newClient).
func (h *hostedClient) newWorker() (*hostedWorker, error) {
	pc := &pooledClient{}
	cfg := sdk.NewConfig()
	cfg.AutoRetry = false
	cfg.MaxRetryTime = 0
	cfg.Scheme = h.scheme
	cfg.Transport = &callTransport{base: h.base, client: pc}
	api, err := h.newSDK(h.region, cfg, &callCredentials{shared: h.creds, client: pc})
	if err != nil {
		return nil, err
	}
	api.Domain = h.domain
	api.SetReadTimeout(-1)
	if os.Getenv("NO_PROXY") != "" || os.Getenv("no_proxy") != "" {
		api.SetNoProxy("^$")
	}
	api.SetCloseTrace(true)
	return &hostedWorker{pc: pc, api: api}, nil
}

// take returns an idle worker, or a new one.
func (h *hostedClient) take() (*hostedWorker, error) {
	h.mu.Lock()
	if n := len(h.free); n > 0 {
		w := h.free[n-1]
		h.free[n-1] = nil
		h.free = h.free[:n-1]
		h.mu.Unlock()
		return w, nil
	}
	h.mu.Unlock()
	return h.newWorker()
}

// put keeps w for reuse, unless maxIdle workers are idle.
func (h *hostedClient) put(w *hostedWorker) {
	h.mu.Lock()
	if len(h.free) < h.maxIdle {
		h.free = append(h.free, w)
	}
	h.mu.Unlock()
}

// run makes call c of req with w. The SDK panics on some malformed
// answers: the panic becomes c.panicked, as on the Sender's workers.
func (w *hostedWorker) run(c *call, req requests.AcsRequest) {
	defer func() {
		if recover() != nil {
			c.panicked = true
		}
		w.pc.current = nil
		c.finish()
	}()
	w.pc.current = c
	c.err = w.api.DoAction(req, c.resp)
}

// Do implements hosted.Client.
func (h *hostedClient) Do(ctx context.Context, req requests.AcsRequest, resp responses.AcsResponse,
	base *responses.BaseResponse, fields hosted.Fields, sec hosted.Secrets, extra map[string]hosted.Class) (hosted.Answer, *sms.Error) {
	if ctx == nil {
		return hosted.Answer{}, invalid(sms.ErrNilContext, "nil context.Context: pass context.Background() or a request's context")
	}
	if ctx.Err() != nil {
		return hosted.Answer{}, notStarted(ctx)
	}
	w, err := h.take()
	if err != nil {
		return hosted.Answer{}, &sms.Error{Code: sms.Unknown, NotAccepted: true, Provider: Name,
			Message: "the SDK refused the options"}
	}
	callCtx, cancel := context.WithTimeout(ctx, h.timeout)
	defer cancel()
	c := newCall(callCtx, &action{name: req.GetActionName()}, resp)
	w.run(c, req)
	if !c.panicked { // a client the SDK panicked in is not reused
		h.put(w)
	}
	secs := hostedSecrets(c, sec)
	if !c.failed() && base.GetHttpStatus() == http.StatusOK && fields != nil {
		// The SDK decoded the answer: a Code of "OK" can only come from
		// the string "OK" (its fuzzy decoding turns numbers into strings,
		// never into that one), so the answer has the API's shape.
		if code, requestID := fields(); code == codeOK {
			return hosted.Answer{RequestID: safeRequestID(requestID, secs), Decoded: true, Secrets: secs}, nil
		}
	}
	if !answered(base) {
		return hosted.Answer{}, failure(ctx, c, secs)
	}
	a := readAnswer(base)
	switch {
	case !a.shaped:
		return hosted.Answer{}, &sms.Error{Code: sms.Unknown, Provider: Name,
			Message: "answer that is not Aliyun's: the request may have reached Aliyun and been accepted"}
	case a.code != codeOK:
		if cl, ok := extra[a.code]; ok {
			return hosted.Answer{}, hostedFailure(cl, a, secs)
		}
		return hosted.Answer{}, apiFailure(a.status, a.code, a.message, a.requestID, secs)
	}
	return hosted.Answer{RequestID: safeRequestID(a.requestID, secs), Decoded: !c.failed(), Secrets: secs}, nil
}

// hostedSecrets lists the secrets of call c (nil before a call) and sec.
func hostedSecrets(c *call, sec hosted.Secrets) secrets {
	s := secretsOf(c, sec.To, nil)
	for _, v := range sec.Values {
		s.AddValue(v)
	}
	return s
}

// hostedFailure is apiFailure for a code of the hosted service's own, of
// class cl, under the same redaction rule.
func hostedFailure(cl hosted.Class, a answer, sec secrets) *sms.Error {
	shown, shownCode, requestID := safeProviderMessage(a.message, sec), safeCode(a.code, sec), safeRequestID(a.requestID, sec)
	e := apierr.Class{Code: cl.Code, NotAccepted: cl.NotAccepted, What: cl.What}.Error(Name, shown, shownCode, requestID,
		&APIError{HTTPStatus: a.status, Code: shownCode, Message: shown, RequestID: requestID})
	e.RetryAfter, e.PerRecipient = cl.RetryAfter, cl.PerRecipient
	return e
}

// SafeID implements hosted.Client.
func (h *hostedClient) SafeID(id string, sec secrets) bool {
	return isBizID(id) && !sec.InID(id, redact.WholeNumbers)
}

// Describe implements hosted.Client.
func (h *hostedClient) Describe() string { return h.describe }

// CloseIdleConnections implements hosted.Client.
func (h *hostedClient) CloseIdleConnections() {
	if h.own != nil {
		h.own.CloseIdleConnections()
	}
}
