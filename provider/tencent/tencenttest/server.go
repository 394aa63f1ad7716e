package tencenttest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/smskit/sms/internal/emufault"
)

// Credentials and ids the emulator accepts by default.
const (
	// TestSecretID is the default SecretId.
	TestSecretID = "AKIDsmskitEmuTestKeyIdQ7w2Zr9Kx4Pm"
	// TestSecretKey is the default SecretKey.
	TestSecretKey = "smskitEmuSecretKeyV3n8Tb5Hq1Ld6Jc"
	// TestSmsSdkAppID is the default SmsSdkAppId.
	TestSmsSdkAppID = "1400000000"
	// DefaultSignName is the sign approved by default.
	DefaultSignName = "腾讯云"
	// Version is the API version the emulator speaks.
	Version = "2021-01-11"
)

// MaxSkew is how far a request's X-TC-Timestamp may be from the emulator's
// clock: five minutes, as Tencent documents for AuthFailure.SignatureExpire.
const MaxSkew = 5 * time.Minute

// maxBody bounds a request's body.
const maxBody = 64 << 10

// TemplateKind is the kind of an emulated template.
type TemplateKind int

// The template kinds: mainland verification, notification and promotion
// templates, and international (国际/港澳台) templates.
const (
	Verification TemplateKind = iota
	Notification
	Promotion
	International
)

// Template is an approved template: its Text with positional placeholders
// {1}, {2}, ... and its kind.
type Template struct {
	Text string
	Kind TemplateKind
}

// Options configures a Server. Zero values stand for the defaults named.
type Options struct {
	// SecretID and SecretKey are the one API key pair accepted; empty means
	// TestSecretID and TestSecretKey.
	SecretID, SecretKey string
	// SmsSdkAppID is the one application; empty means TestSmsSdkAppID.
	SmsSdkAppID string
	// Templates are the approved templates by template id.
	Templates map[string]Template
	// Signs are the approved signs; nil means DefaultSignName only.
	Signs []string
	// Regions are the accepted X-TC-Region values; nil means ap-guangzhou,
	// ap-beijing and ap-nanjing.
	Regions []string
	// Limits are the per-number frequency limits.
	Limits Limits
	// Now is the emulator's clock; nil means time.Now.
	Now func() time.Time
}

// Request describes one request that passed the signature check, as faults
// see it.
type Request struct {
	// Action is the X-TC-Action, such as "SendSms".
	Action string
	// Region is the X-TC-Region.
	Region string
	// PhoneNumbers are the numbers of a SendSms, as sent.
	PhoneNumbers []string
	// TemplateID is the TemplateId of a SendSms.
	TemplateID string
}

// Message is an accepted message.
type Message struct {
	// E164 is the recipient in E.164.
	E164 string
	// TemplateID, SignName, Params (TemplateParamSet), SessionContext,
	// ExtendCode and SenderID are as sent.
	TemplateID     string
	SignName       string
	Params         []string
	SessionContext string
	ExtendCode     string
	SenderID       string
	// Text is the template's text with the params in place.
	Text string
	// SerialNo is the message id answered.
	SerialNo string
	// RequestID is the request's id.
	RequestID string
	// Time is when it was accepted, by the emulator's clock.
	Time time.Time
}

// Server is a running emulator.
type Server struct {
	// URL is the server's base URL, "http://127.0.0.1:PORT".
	URL string
	// Host is the server's address, "127.0.0.1:PORT": the SDK's
	// HttpProfile.Endpoint.
	Host string

	srv  *httptest.Server
	opts Options

	mu       sync.Mutex
	seq      int64
	requests map[string]int
	messages []Message
	queue    []receipt // receipts not yet pulled by PullSmsSendStatus
	receipts []receipt // every receipt, for PullSmsSendStatusByPhoneNumber
	sent     map[string]*history
	faults   emufault.Queue[Request, Fault]
}

// NewServer starts an emulator configured by o on a loopback port.
func NewServer(o Options) *Server {
	if o.SecretID == "" && o.SecretKey == "" {
		o.SecretID, o.SecretKey = TestSecretID, TestSecretKey
	}
	if o.SmsSdkAppID == "" {
		o.SmsSdkAppID = TestSmsSdkAppID
	}
	if o.Signs == nil {
		o.Signs = []string{DefaultSignName}
	}
	if o.Regions == nil {
		o.Regions = []string{"ap-guangzhou", "ap-beijing", "ap-nanjing"}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	o.Limits = o.Limits.withDefaults()
	s := &Server{opts: o, requests: map[string]int{}, sent: map[string]*history{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	s.Host = strings.TrimPrefix(s.srv.URL, "http://")
	return s
}

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// answer is the JSON envelope of every answer.
type answer struct {
	Response map[string]any `json:"Response"`
}

// writeJSON writes an answer with HTTP 200.
func writeJSON(w http.ResponseWriter, requestID string, fields map[string]any) {
	if fields == nil {
		fields = map[string]any{}
	}
	fields["RequestId"] = requestID
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(answer{Response: fields})
}

// writeError writes an error answer.
func writeError(w http.ResponseWriter, requestID, code, message string) {
	writeJSON(w, requestID, map[string]any{"Error": map[string]string{"Code": code, "Message": message}})
}

// requestID returns a new request id, a UUID in lower-case hex.
func (s *Server) requestID() string {
	s.mu.Lock()
	s.seq++
	n := s.seq
	s.mu.Unlock()
	h := sha256.Sum256([]byte(strconv.FormatInt(n, 10)))
	x := hex.EncodeToString(h[:16])
	return x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}

// serve handles one request.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	rid := s.requestID()
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return
	}
	if len(body) > maxBody {
		writeError(w, rid, "InvalidParameter", "request body too large")
		return
	}
	action := r.Header.Get("X-TC-Action")
	if code, msg := s.authenticate(r, body); code != "" {
		writeError(w, rid, code, msg)
		return
	}
	req := Request{Action: action, Region: r.Header.Get("X-TC-Region")}
	var send sendRequest
	if action == "SendSms" {
		if err := strictJSON(body, &send); err != nil {
			writeError(w, rid, "FailedOperation.JsonParseFail", "request body is not valid SendSms JSON")
			return
		}
		req.PhoneNumbers, req.TemplateID = send.PhoneNumberSet, send.TemplateID
	}
	s.mu.Lock()
	s.requests[action]++
	s.mu.Unlock()

	f := s.nextFault(req)
	if f.Hold != nil {
		f.Hold(r.Context())
		if r.Context().Err() != nil {
			return // the client went away: nothing is accepted
		}
	}
	if !f.Accept && f.answers() {
		s.writeFault(w, rid, f, send)
		return
	}
	var fields map[string]any
	var code, msg string
	switch action {
	case "SendSms":
		fields, code, msg = s.sendSms(rid, &send)
	case "PullSmsSendStatus":
		fields, code, msg = s.pullStatus(body)
	case "PullSmsSendStatusByPhoneNumber":
		fields, code, msg = s.pullStatusByPhoneNumber(body)
	}
	switch {
	case f.Accept && f.answers():
		s.writeFault(w, rid, f, send)
	case code != "":
		writeError(w, rid, code, msg)
	default:
		writeJSON(w, rid, fields)
	}
}

// strictJSON decodes body into v, refusing unknown fields.
func strictJSON(body []byte, v any) error {
	d := json.NewDecoder(strings.NewReader(string(body)))
	d.DisallowUnknownFields()
	return d.Decode(v)
}

// Requests returns how many requests of action passed the signature
// check.
func (s *Server) Requests(action string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[action]
}

// Messages returns the accepted messages, oldest first.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Message, len(s.messages))
	for i, m := range s.messages {
		out[i] = m
		out[i].Params = append([]string(nil), m.Params...)
	}
	return out
}

// Accepted returns how many messages were accepted.
func (s *Server) Accepted() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.messages)
}

// LastMessageTo returns the last message accepted for e164.
func (s *Server) LastMessageTo(e164 string) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.messages) - 1; i >= 0; i-- {
		if s.messages[i].E164 == e164 {
			m := s.messages[i]
			m.Params = append([]string(nil), m.Params...)
			return m, true
		}
	}
	return Message{}, false
}
