package aliyun

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/dysmsapi"
	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The reference for TestSendMatchesDoAction is the code that send replaced:
// an SDK client per worker, configured as clientPool.newClient configured
// it, making the call with DoAction.

// doActionClient is the SDK client that clientPool.newClient made for w.
func doActionClient(t *testing.T, p *clientPool, w *pooledClient) *dysmsapi.Client {
	t.Helper()
	cfg := sdk.NewConfig()
	cfg.AutoRetry = false
	cfg.MaxRetryTime = 0
	cfg.Scheme = p.scheme
	cfg.Transport = &callTransport{base: p.base, client: w}
	api, err := dysmsapi.NewClientWithOptions(p.region, cfg, &callCredentials{shared: p.creds, client: w})
	require.NoError(t, err)
	api.Domain = p.domain
	api.SetReadTimeout(-1)
	if os.Getenv("NO_PROXY") != "" || os.Getenv("no_proxy") != "" {
		api.SetNoProxy("^$")
	}
	api.SetCloseTrace(true)
	return api
}

// runCall makes call c as a worker does (clientPool.work), with do, which
// is send or DoAction.
func runCall(w *pooledClient, c *call, do func() error) {
	defer func() {
		if recover() != nil {
			c.panicked = true
		}
		w.current = nil
		c.finish()
	}()
	w.current = c
	c.err = do()
}

// capturedRequest is a request as it reached the base transport.
type capturedRequest struct {
	method, host, path, proto string
	contentLength             int64
	header                    http.Header
	query, form               url.Values
}

// capturingTransport records every request, then hands it on.
type capturingTransport struct {
	base http.RoundTripper
	mu   sync.Mutex
	got  []capturedRequest
}

func (t *capturingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, err
	}
	t.mu.Lock()
	t.got = append(t.got, capturedRequest{method: r.Method, host: r.Host + "|" + r.URL.Host, path: r.URL.Path,
		proto: r.Proto, contentLength: r.ContentLength, header: r.Header.Clone(), query: r.URL.Query(), form: form})
	t.mu.Unlock()
	r2 := r.Clone(r.Context())
	r2.Body = io.NopCloser(strings.NewReader(string(body)))
	return t.base.RoundTrip(r2)
}

func (t *capturingTransport) take() []capturedRequest {
	t.mu.Lock()
	defer t.mu.Unlock()
	got := t.got
	t.got = nil
	return got
}

// perRequest are the parameters that differ between any two requests: a
// fresh nonce, the time and the signature over them.
var perRequest = []string{"SignatureNonce", "Timestamp", "Signature"}

// withoutPerRequest returns v without the per-request parameters, and
// checks that each was there.
func withoutPerRequest(t *testing.T, v url.Values) url.Values {
	t.Helper()
	v = url.Values(http.Header(v).Clone())
	for _, k := range perRequest {
		require.NotEmpty(t, v.Get(k), k)
		delete(v, k)
	}
	return v
}

// sendAction is a SendSms call as Send makes it.
func sendAction() action {
	a := action{name: "SendSms"}
	a.add("PhoneNumbers", "13800138000")
	a.add("SignName", aliyuntest.DefaultSignName)
	a.add("TemplateCode", aliyuntest.DefaultTemplateCode)
	a.add("TemplateParam", `{"code":"583920"}`)
	a.add("OutId", "order-1")
	a.add("SmsUpExtendCode", "")
	return a
}

// queryAction is a QuerySendDetails call as Status makes it.
func queryAction() action {
	a := action{name: "QuerySendDetails"}
	a.add("PhoneNumber", "13800138000")
	a.add("BizId", "900619746936498440^0")
	a.add("SendDate", "20261127")
	a.add("PageSize", "10")
	a.add("CurrentPage", "1")
	return a
}

// outcome is everything the Sender reads of a finished call: the record
// and its classification, as Send and Status classify it.
type outcome struct {
	errType                   string
	serverCode, serverMessage string
	serverStatus              int
	// serverText is the SDK's whole error text (its Recommend too), and
	// serverHeaders whether the error has the answer's headers.
	serverText               string
	serverHeaders            bool
	panicked, wrote, started bool
	redirect                 int
	tooLong, credentialsFail bool
	keyID, secret, token     string
	signed                   bool
	status                   int
	body                     string
	classified               string
}

// outcomeOf reads c after the call, under parent, as Send (resp a
// CommonResponse) or Status would.
func outcomeOf(parent context.Context, c *call) outcome {
	o := outcome{errType: fmt.Sprintf("%T", c.err), panicked: c.panicked, wrote: c.wire.Wrote(), started: c.started(),
		redirect: c.redirect, tooLong: c.tooLong, credentialsFail: c.credentialsFailed,
		keyID: c.keyID, secret: c.secret, token: c.token, signed: c.url != nil && queryValue(c.url.RawQuery, "Signature") != ""}
	if se, ok := errors.AsType[*sdkerrors.ServerError](c.err); ok {
		o.serverCode, o.serverStatus = se.ErrorCode(), se.HttpStatus()
		o.serverMessage = se.Message()
		o.serverText, o.serverHeaders = se.Error(), se.RespHeaders != nil
	}
	base := c.resp.(interface{ GetHttpStatus() int })
	o.status = base.GetHttpStatus()
	var br *responses.BaseResponse
	switch r := c.resp.(type) {
	case *responses.CommonResponse:
		br = r.BaseResponse
	case *dysmsapi.QuerySendDetailsResponse:
		br = r.BaseResponse
	}
	o.body = br.GetHttpContentString()
	sec := callSecrets{c: c, to: sms.Phone{CountryCode: 86, National: "13800138000", Region: "CN"}}
	var res sms.Result
	var err error
	if !answered(br) {
		err = failure(parent, c, sec.list())
	} else {
		res, err = readAnswer(br).sendResult(sec)
	}
	if e, ok := errors.AsType[*sms.Error](err); ok {
		o.classified = fmt.Sprintf("%s notAccepted=%v providerCode=%q message=%q err=%v", e.Code, e.NotAccepted,
			e.ProviderCode, e.Message, e.Err)
	} else {
		o.classified = fmt.Sprintf("result %+v, error %v", res, err)
	}
	return o
}

// perAnswer are the parts of answers that differ between any two calls:
// request ids, BizIds, and the nonce and the time in a string to sign.
var perAnswer = regexp.MustCompile(`[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}|` +
	`[0-9]{18}\^0|SignatureNonce%3D[0-9a-f]{32}|Timestamp%3D[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}%253A[0-9]{2}%253A[0-9]{2}Z`)

// normalized is o printed, without what differs between any two calls.
func normalized(o outcome) string {
	return perAnswer.ReplaceAllString(fmt.Sprintf("%+v", o), "<per-call>")
}

// TestSendMatchesDoAction checks that send makes the request the SDK's
// DoAction made, and that every outcome, from success to each failure, is
// recorded and classified as with DoAction: the same fault is served to a
// call made each way, and the requests and outcomes are compared.
func TestSendMatchesDoAction(t *testing.T) {
	const keyID, secret, token = "LTAI5tQ8vNzXw3Kp9RmY", "k7QzP3xW9mLt2VbN8rYcJ4hD6fGs1a", "CAIS9xq2LmNstsTokenValue"
	srv := aliyuntest.NewServer(aliyuntest.Options{Keys: map[string]string{keyID: secret},
		Limits: aliyuntest.Limits{Disabled: true}})
	t.Cleanup(srv.Close)

	accessKey := Options{AccessKeyID: keyID, AccessKeySecret: secret}
	sts := Options{Credentials: credentials.NewStaticSTSCredentialsProvider(keyID, secret, token)}
	failing := Options{Credentials: failingCredentials{}}
	wrongSecret := Options{AccessKeyID: keyID, AccessKeySecret: "wrong" + secret}

	for _, tt := range []struct {
		name string
		opts Options
		act  func() action
		// handler serves the calls; nil is the emulator.
		handler http.HandlerFunc
		// given uses a transport of the caller's (Options.Transport).
		given bool
		// deadline: the handler ends the call's context as a deadline.
		deadline, cancel bool
		// abandon: the caller left before the request began.
		abandon bool
		// closed: nothing listens at the endpoint.
		closed bool
		// env is set before the Sender is made, lateEnv after its clients
		// are.
		env, lateEnv map[string]string
	}{
		{name: "AccessKey, accepted", opts: accessKey, act: sendAction},
		{name: "AccessKey, accepted, Options.Transport", opts: accessKey, act: sendAction, given: true},
		{name: "STS token, accepted", opts: sts, act: sendAction},
		{name: "STS token, accepted, Options.Transport", opts: sts, act: sendAction, given: true},
		{name: "QuerySendDetails", opts: accessKey, act: queryAction},
		{name: "QuerySendDetails, STS token", opts: sts, act: queryAction},
		{name: "signature refused", opts: wrongSecret, act: sendAction},
		{name: "credentials fail", opts: failing, act: sendAction},
		{name: "abandoned before the request", opts: accessKey, act: sendAction, abandon: true},
		{name: "nothing listens: not written", opts: accessKey, act: sendAction, closed: true},
		{name: "nothing listens, Options.Transport", opts: accessKey, act: sendAction, closed: true, given: true},
		{name: "written, then the connection is lost", opts: accessKey, act: sendAction, handler: hangUp},
		{name: "written, then lost, Options.Transport", opts: accessKey, act: sendAction, handler: hangUp, given: true},
		{name: "timeout", opts: accessKey, act: sendAction, deadline: true},
		{name: "canceled mid-call", opts: accessKey, act: sendAction, cancel: true},
		{name: "redirect 302 with an OK body", opts: accessKey, act: sendAction, handler: redirect(http.StatusFound)},
		{name: "redirect 307", opts: accessKey, act: sendAction, handler: redirect(http.StatusTemporaryRedirect)},
		{name: "oversized answer, with its length", opts: accessKey, act: sendAction, handler: oversized(true)},
		{name: "oversized answer, chunked", opts: accessKey, act: sendAction, handler: oversized(false)},
		{name: "answer of 64 KiB exactly", opts: accessKey, act: sendAction, handler: sized(maxAnswerBytes)},
		{name: "HTML 502 of a gateway", opts: accessKey, act: sendAction, handler: answerWith(http.StatusBadGateway, "<html>bad gateway</html>")},
		{name: "200 that is not JSON", opts: accessKey, act: sendAction, handler: answerWith(http.StatusOK, "<html>portal</html>")},
		{name: "400 whose Code is a number (the SDK panics)", opts: accessKey, act: sendAction, handler: answerWith(http.StatusBadRequest, `{"Code":1,"Message":"x"}`)},
		{name: "400 of the API", opts: accessKey, act: sendAction, handler: answerWith(http.StatusBadRequest, `{"Code":"isv.BUSINESS_LIMIT_CONTROL","Message":"limit","RequestId":"F655A8D5-B967-440B-8683-DAD6FF8DE990"}`)},
		{name: "QuerySendDetails with details the SDK cannot read", opts: accessKey, act: queryAction, handler: answerWith(http.StatusOK, `{"Code":"OK","SmsSendDetailDTOs":{"SmsSendDetailDTO":[{"SendStatus":"x{"}]}}`)},
		{name: "HTTP_PROXY that does not parse", opts: accessKey, act: sendAction, env: map[string]string{"HTTP_PROXY": "http://%zz"}},
		{name: "NO_PROXY entry that is no regexp, set before", opts: accessKey, act: sendAction, env: map[string]string{"NO_PROXY": "(", "HTTP_PROXY": ""}},
		{name: "NO_PROXY entry that is no regexp, set after", opts: accessKey, act: sendAction,
			lateEnv: map[string]string{"NO_PROXY": "127.0.0.2,(", "no_proxy": "", "HTTP_PROXY": ""}},
		{name: "NO_PROXY whose first entry matches, then no regexp", opts: accessKey, act: sendAction,
			lateEnv: map[string]string{"NO_PROXY": "127.0.0.1,(", "no_proxy": "", "HTTP_PROXY": ""}},
		{name: "no_proxy entry *, set after", opts: accessKey, act: sendAction,
			lateEnv: map[string]string{"NO_PROXY": "", "no_proxy": "*x", "HTTP_PROXY": ""}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			endpoint := srv.URL
			var release chan struct{}
			var ctxEnd chan struct{}
			switch {
			case tt.closed:
				l, err := net.Listen("tcp", "127.0.0.1:0")
				require.NoError(t, err)
				endpoint = "http://" + l.Addr().String()
				require.NoError(t, l.Close())
			case tt.deadline || tt.cancel:
				release, ctxEnd = make(chan struct{}), make(chan struct{}, 1)
				hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					ctxEnd <- struct{}{}
					<-release
				}))
				t.Cleanup(hs.Close)
				t.Cleanup(func() { close(release) })
				endpoint = hs.URL
			case tt.handler != nil:
				hs := httptest.NewServer(tt.handler)
				t.Cleanup(hs.Close)
				endpoint = hs.URL
			}
			capture := &capturingTransport{base: &http.Transport{}}
			o := tt.opts
			o.Endpoint = endpoint
			o.SignName = "sign"
			if tt.given {
				o.Transport = capture
			}
			s, err := New(o)
			require.NoError(t, err)
			if !tt.given {
				// The Sender's own transport (its connections report
				// writes), watched.
				capture.base = s.own
				s.pool.base = capture
			}

			var outcomes [2]outcome
			var requests [2][]capturedRequest
			for i, via := range []string{"DoAction", "send"} {
				parent, cancel := context.Background(), context.CancelFunc(func() {})
				if tt.deadline || tt.cancel {
					parent, cancel = newEndingContext(ctxEnd, tt.deadline)
				}
				a := tt.act()
				resp := responses.AcsResponse(responses.NewCommonResponse())
				if a.name == "QuerySendDetails" {
					resp = dysmsapi.CreateQuerySendDetailsResponse()
				}
				c := newCall(parent, &a, resp)
				if tt.abandon {
					c.state.Store(callAbandoned)
				}
				for k := range tt.lateEnv {
					t.Setenv(k, tt.env[k]) // as before the other call
				}
				w := s.pool.newClient()
				var api *dysmsapi.Client
				if via == "DoAction" {
					api = doActionClient(t, s.pool, w)
				}
				for k, v := range tt.lateEnv {
					t.Setenv(k, v)
				}
				if via == "DoAction" {
					runCall(w, c, func() error { return api.DoAction(w.request(&c.act), c.resp) })
				} else {
					runCall(w, c, func() error { return s.pool.send(w, c) })
				}
				outcomes[i] = outcomeOf(parent, c)
				requests[i] = capture.take()
				cancel()
			}
			assert.Equal(t, normalized(outcomes[0]), normalized(outcomes[1]), "outcome of DoAction, then of send")
			require.Len(t, requests[1], len(requests[0]), "requests of DoAction, then of send")
			for i := range requests[0] {
				old, ours := requests[0][i], requests[1][i]
				assert.Equal(t, old.method, ours.method)
				assert.Equal(t, old.host, ours.host)
				assert.Equal(t, old.path, ours.path)
				assert.Equal(t, old.proto, ours.proto)
				assert.Equal(t, old.contentLength, ours.contentLength)
				assert.Equal(t, old.header, ours.header)
				assert.Equal(t, old.form, ours.form)
				assert.Equal(t, withoutPerRequest(t, old.query), withoutPerRequest(t, ours.query))
			}
			if tt.handler == nil && !tt.closed && !tt.deadline && !tt.cancel && len(requests[0]) > 0 {
				// The emulator checked both signatures.
				if tt.opts.AccessKeySecret == secret || tt.opts.Credentials != nil {
					assert.Equal(t, http.StatusOK, outcomes[1].status, outcomes[1].body)
					assert.Contains(t, outcomes[1].body, `"Code":"OK"`)
				}
				if tt.opts.Credentials != nil {
					assert.Equal(t, token, requests[1][0].query.Get("SecurityToken"))
				}
			}
		})
	}
}

// failingCredentials never has credentials.
type failingCredentials struct{}

func (failingCredentials) GetCredentials() (*credentials.Credentials, error) {
	return nil, errors.New("no credentials here")
}

func (failingCredentials) GetProviderName() string { return "failing" }

// hangUp reads the request, then closes the connection without an answer.
func hangUp(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

// redirect answers with status, to itself, with an OK body.
func redirect(status int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "/")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, okJSON)
	}
}

// oversized answers OK with a body longer than maxAnswerBytes, announced by
// its Content-Length or chunked.
func oversized(withLength bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body := `{"Code":"OK","Message":"` + strings.Repeat("x", maxAnswerBytes) + `"}`
		if withLength {
			w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		}
		bw := bufio.NewWriterSize(w, 512)
		_, _ = bw.WriteString(body)
		_ = bw.Flush()
	}
}

// sized answers OK with a body of n bytes.
func sized(n int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		head := `{"Code":"OK","RequestId":"F655A8D5-B967-440B-8683-DAD6FF8DE990","BizId":"900619746936498440^0","Message":"`
		_, _ = io.WriteString(w, head+strings.Repeat("x", n-len(head)-2)+`"}`)
	}
}

// answerWith answers with status and body.
func answerWith(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// endingContext is a context that ends when the server has the request
// (a value arrives on end): as a deadline, or canceled.
type endingContext struct {
	context.Context
	done     chan struct{}
	deadline bool
	mu       sync.Mutex
	err      error
}

// newEndingContext returns a context that ends once end receives.
func newEndingContext(end chan struct{}, deadline bool) (context.Context, context.CancelFunc) {
	c := &endingContext{Context: context.Background(), done: make(chan struct{}), deadline: deadline}
	stop := make(chan struct{})
	go func() {
		select {
		case <-end:
		case <-stop:
		}
		c.mu.Lock()
		c.err = context.Canceled
		if deadline {
			c.err = context.DeadlineExceeded
		}
		c.mu.Unlock()
		close(c.done)
	}()
	return c, func() { close(stop) }
}

func (c *endingContext) Done() <-chan struct{} { return c.done }

func (c *endingContext) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}
