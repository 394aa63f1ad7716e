package alidayutest

import (
	"crypto/sha256"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/smskit/sms/internal/emufault"
)

// Credentials and names the emulator accepts by default.
const (
	// TestAppKey is the default app key.
	TestAppKey = "23000000"
	// TestAppSecret is the default app secret.
	TestAppSecret = "smskitAlidayuEmuSecret7Qm2Xv9Lp4"
	// DefaultSignName is the sign approved by default.
	DefaultSignName = "阿里大于"
	// Method is the one TOP method the emulator serves.
	Method = "alibaba.aliqin.fc.sms.num.send"
	// Path is the gateway's path.
	Path = "/router/rest"
)

// MaxSkew is how far a request's timestamp may be from the emulator's
// clock: ten minutes, as TOP documents for its timestamp parameter
// ("淘宝API服务端允许客户端请求最大时间误差为10分钟", TOP's API guide,
// quoted at https://cnblogs.com/zeroone/p/6181024.html).
const MaxSkew = 10 * time.Minute

// MaxNumbers is the most numbers one rec_num may list.
const MaxNumbers = 200

// The top-level error codes the emulator answers, from TOP's error list.
const (
	CodeAppCallLimited      = 7
	CodeRemoteServiceError  = 15
	CodeInvalidMethod       = 22
	CodeInvalidFormat       = 23
	CodeInvalidSignature    = 25
	CodeInvalidAppKey       = 29
	CodeInvalidTimestamp    = 31
	CodeInvalidVersion      = 33
	CodeMissingRequiredArgs = 40
	CodeInvalidArguments    = 41
	maxBody                 = 64 << 10
)

// chinaTime is the zone of TOP timestamps and of the daily limit.
var chinaTime = time.FixedZone("CST", 8*60*60)

// TemplateKind is the kind of an emulated template.
type TemplateKind int

// The template kinds.
const (
	Verification TemplateKind = iota
	Notification
	Promotion
)

// Template is an approved template: its Text with ${name} variables and
// its kind.
type Template struct {
	Text string
	Kind TemplateKind
}

// Options configures a Server. Zero values stand for the defaults named.
type Options struct {
	// AppKey and AppSecret are the one key pair accepted; empty means
	// TestAppKey and TestAppSecret.
	AppKey, AppSecret string
	// Templates are the approved templates by template code ("SMS_...").
	Templates map[string]Template
	// Signs are the approved signs; nil means DefaultSignName only.
	Signs []string
	// Limits are the per-number frequency limits.
	Limits Limits
	// Now is the emulator's clock; nil means time.Now.
	Now func() time.Time
}

// Request describes one request that passed the signature check, as faults
// see it.
type Request struct {
	// Method is the TOP method.
	Method string
	// SignMethod is "md5" or "hmac".
	SignMethod string
	// RecNum are the numbers of rec_num, as sent.
	RecNum []string
	// TemplateCode is the sms_template_code.
	TemplateCode string
}

// Message is an accepted message, one per number.
type Message struct {
	// E164 is the recipient in E.164; National its 11 digits as sent.
	E164, National string
	// TemplateCode, SignName, Params (sms_param) and Extend are as sent.
	TemplateCode string
	SignName     string
	Params       map[string]string
	Extend       string
	// SignMethod is the request's sign_method.
	SignMethod string
	// Text is the template's text with the params in place.
	Text string
	// Model is the message id answered; RequestID the request's id.
	Model, RequestID string
	// Time is when it was accepted, by the emulator's clock.
	Time time.Time
}

// Server is a running emulator of the TOP gateway's
// alibaba.aliqin.fc.sms.num.send.
type Server struct {
	// URL is the server's base URL, "http://127.0.0.1:PORT": an
	// alidayu.Options.Endpoint (the Sender adds Path). Hand-written
	// requests go to URL + Path.
	URL string
	// Host is the server's address, "127.0.0.1:PORT".
	Host string
	srv  *httptest.Server
	opts Options

	mu       sync.Mutex
	seq      int64
	requests int
	messages []Message
	sent     map[string][]time.Time
	faults   emufault.Queue[Request, Fault]
}

// NewServer starts an emulator configured by o on a loopback port.
func NewServer(o Options) *Server {
	if o.AppKey == "" && o.AppSecret == "" {
		o.AppKey, o.AppSecret = TestAppKey, TestAppSecret
	}
	if o.Signs == nil {
		o.Signs = []string{DefaultSignName}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	o.Limits = o.Limits.withDefaults()
	s := &Server{opts: o, sent: map[string][]time.Time{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	s.Host = strings.TrimPrefix(s.srv.URL, "http://")
	return s
}

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// writeJSON writes v with HTTP 200, as the gateway answers errors too.
func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	_ = json.NewEncoder(w).Encode(v)
}

// codeMessages are TOP's msg for the codes the emulator answers.
var codeMessages = map[int]string{
	CodeAppCallLimited:      "App Call Limited",
	CodeRemoteServiceError:  "Remote service error",
	CodeInvalidMethod:       "Invalid method",
	CodeInvalidFormat:       "Invalid format",
	CodeInvalidSignature:    "Invalid signature",
	CodeInvalidAppKey:       "Invalid app Key",
	CodeInvalidTimestamp:    "Invalid timestamp",
	CodeInvalidVersion:      "Invalid version",
	CodeMissingRequiredArgs: "Missing required arguments",
	CodeInvalidArguments:    "Invalid arguments",
}

// writeError writes an error_response.
func writeError(w http.ResponseWriter, rid string, code int, subCode, subMsg string) {
	e := map[string]any{"code": code, "msg": codeMessages[code], "request_id": rid}
	if e["msg"] == "" {
		e["msg"] = "error"
	}
	if subCode != "" {
		e["sub_code"] = subCode
	}
	if subMsg != "" {
		e["sub_msg"] = subMsg
	}
	writeJSON(w, map[string]any{"error_response": e})
}

// requestID returns a new request id: 12 lower-case letters and digits.
func (s *Server) requestID() (string, int64) {
	s.mu.Lock()
	s.seq++
	n := s.seq
	s.mu.Unlock()
	h := sha256.Sum256([]byte(strconv.FormatInt(n, 10)))
	const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
	b := make([]byte, 12)
	for i := range b {
		b[i] = alphabet[int(h[i])%len(alphabet)]
	}
	return string(b), n
}

// params reads a request's parameters from its query and its form body;
// ok is false when the body is too long or malformed or a name repeats.
func params(r *http.Request) (url.Values, bool) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil || len(body) > maxBody {
		return nil, false
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, false
	}
	f, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, false
	}
	for k, v := range f {
		q[k] = append(q[k], v...)
	}
	for _, v := range q {
		if len(v) != 1 {
			return nil, false
		}
	}
	return q, true
}

// hexUpper matches a signature: 32 upper-case hexadecimal digits.
var hexUpper = regexp.MustCompile(`^[0-9A-F]{32}$`)

// authenticate checks the common parameters and the signature; it returns
// the error code and message to answer, or 0.
func (s *Server) authenticate(p url.Values) (int, string) {
	for _, k := range []string{"method", "app_key", "timestamp", "v", "sign", "sign_method"} {
		if p.Get(k) == "" {
			return CodeMissingRequiredArgs, "missing " + k
		}
	}
	switch {
	case p.Get("app_key") != s.opts.AppKey:
		return CodeInvalidAppKey, "app key not found"
	case p.Get("sign_method") != "md5" && p.Get("sign_method") != "hmac":
		return CodeInvalidSignature, "sign_method is not md5 or hmac"
	case !hexUpper.MatchString(p.Get("sign")) || p.Get("sign") != Sign(p, s.opts.AppSecret, p.Get("sign_method")):
		return CodeInvalidSignature, "signature does not match"
	}
	ts, err := time.ParseInLocation("2006-01-02 15:04:05", p.Get("timestamp"), chinaTime)
	if err != nil {
		return CodeInvalidTimestamp, "timestamp is not yyyy-MM-dd HH:mm:ss"
	}
	if skew := s.opts.Now().Sub(ts); skew > MaxSkew || skew < -MaxSkew {
		return CodeInvalidTimestamp, "timestamp out of the 10-minute window"
	}
	switch {
	case p.Get("method") != Method:
		return CodeInvalidMethod, "method not served"
	case p.Get("format") != "json":
		return CodeInvalidFormat, "format is not json"
	case p.Get("v") != "2.0":
		return CodeInvalidVersion, "v is not 2.0"
	}
	return 0, ""
}

// serve handles one request.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	rid, _ := s.requestID()
	if r.URL.Path != Path {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodPost && r.Method != http.MethodGet {
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	p, ok := params(r)
	if !ok {
		writeError(w, rid, CodeInvalidArguments, "", "malformed or repeated parameters")
		return
	}
	if code, msg := s.authenticate(p); code != 0 {
		writeError(w, rid, code, "", msg)
		return
	}
	req := Request{Method: p.Get("method"), SignMethod: p.Get("sign_method"),
		RecNum: strings.Split(p.Get("rec_num"), ","), TemplateCode: p.Get("sms_template_code")}
	s.mu.Lock()
	s.requests++
	s.mu.Unlock()
	f := s.nextFault(req)
	if f.Hold != nil {
		f.Hold(r.Context())
		if r.Context().Err() != nil {
			return // the client went away: nothing is accepted
		}
	}
	if !f.Accept && f.answers() {
		writeFault(w, rid, f)
		return
	}
	model, sub, msg := s.send(rid, p)
	switch {
	case f.Accept && f.answers():
		writeFault(w, rid, f)
	case sub != "":
		writeError(w, rid, CodeRemoteServiceError, sub, msg)
	default:
		writeJSON(w, map[string]any{"alibaba_aliqin_fc_sms_num_send_response": map[string]any{
			"result":     map[string]any{"err_code": "0", "model": model, "success": true},
			"request_id": rid,
		}})
	}
}

// Requests returns how many requests passed the signature check.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// Messages returns the accepted messages, oldest first.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Message, len(s.messages))
	for i, m := range s.messages {
		out[i] = m
		out[i].Params = cloneMap(m.Params)
	}
	return out
}

// Accepted returns how many messages were accepted.
func (s *Server) Accepted() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.messages)
}

func cloneMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
