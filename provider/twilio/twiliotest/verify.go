package twiliotest

import (
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"time"
)

// The Verify v2 defaults and limits of a Server.
const (
	// TestVerifyServiceSID is the Verify Service every account of a Server
	// whose Options leave VerifyServices nil owns.
	TestVerifyServiceSID = "VA00000000000000000000000000000001"
	// DefaultVerifyValidFor is how long a code is accepted when
	// Options.VerifyValidFor is zero: Twilio's default, 10 minutes.
	DefaultVerifyValidFor = 10 * time.Minute
	// DefaultVerifyCodeLength is the code length of a Verify Service
	// created without CodeLength, and of the preconfigured ones.
	DefaultVerifyCodeLength = 6
	// VerifyMaxChecks is how many checks a verification allows: the next
	// is answered HTTP 429 with code 60202, as on Twilio.
	VerifyMaxChecks = 5
	// VerifyMaxSends is how many codes a verification sends: the next
	// start is answered HTTP 429 with code 60203, as on Twilio.
	VerifyMaxSends = 5
	// MaxVerifyServices bounds the Verify Services a Server keeps: a
	// create beyond it is answered HTTP 429, code 20429.
	MaxVerifyServices = 1000
)

var (
	servicesPath     = regexp.MustCompile(`^/v2/Services$`)
	servicePath      = regexp.MustCompile(`^/v2/Services/([^/]+)$`)
	verificationsURL = regexp.MustCompile(`^/v2/Services/([^/]+)/Verifications$`)
	verificationPath = regexp.MustCompile(`^/v2/Services/([^/]+)/Verifications/([^/]+)$`)
	checkPath        = regexp.MustCompile(`^/v2/Services/([^/]+)/VerificationCheck$`)
	customCode       = regexp.MustCompile(`^[0-9A-Za-z]{4,10}$`)
)

// verifyService is a Verify Service: shared (owned by every account) when
// account is empty.
type verifyService struct {
	sid, account, name string
	codeLength         int
	created            time.Time
}

// verification is the server's record of a verification.
type verification struct {
	sid, account, service, to, code string
	created, updated                time.Time
	sends                           []time.Time
	checks                          int
	approved                        bool
}

// verifyState is the Verify v2 part of a Server, under its mu.
type verifyState struct {
	services map[string]*verifyService
	// pending maps service+"\x00"+to to the newest verification.
	pending map[string]*verification
	bySID   map[string]*verification
	// all lists the verifications kept, oldest first, bounded by
	// Options.MaxMessages.
	all []*verification
	seq uint64
}

// initVerify sets up the preconfigured Verify Services.
func (s *Server) initVerify() {
	s.verify = verifyState{services: make(map[string]*verifyService),
		pending: make(map[string]*verification), bySID: make(map[string]*verification)}
	for _, sid := range s.opts.VerifyServices {
		s.verify.services[sid] = &verifyService{sid: sid, name: "Test", codeLength: DefaultVerifyCodeLength, created: s.opts.Now()}
	}
}

// LastVerifyCode returns the code of the newest verification SMS sent to
// to (as the Verifications request gave it, E.164), of any service and
// whatever became of it since: what a user would read on the phone.
func (s *Server) LastVerifyCode(to string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.verify.all) - 1; i >= 0; i-- {
		if v := s.verify.all[i]; v.to == to {
			return v.code, true
		}
	}
	return "", false
}

// VerifyValidFor returns how long the server accepts a code.
func (s *Server) VerifyValidFor() time.Duration { return s.opts.VerifyValidFor }

// live reports whether v can still be checked at now: not approved and
// not expired.
func (s *Server) live(v *verification, now time.Time) bool {
	return v != nil && !v.approved && now.Before(v.created.Add(s.opts.VerifyValidFor))
}

// status is v's Twilio status at now, for a live v.
func (v *verification) status() string {
	switch {
	case v.approved:
		return "approved"
	case v.checks >= VerifyMaxChecks:
		return "max_attempts_reached"
	}
	return "pending"
}

// handleVerify routes an authenticated request of the Verify v2 API.
func (s *Server) handleVerify(account string, r *http.Request, notFound answer) answer {
	method := func(want string) (answer, bool) {
		if r.Method != want {
			return answer{status: http.StatusMethodNotAllowed, body: newError(http.StatusMethodNotAllowed, 20004, "")}, false
		}
		return answer{}, true
	}
	p := r.URL.Path
	s.mu.Lock()
	defer s.mu.Unlock()
	if servicesPath.MatchString(p) {
		if a, ok := method(http.MethodPost); !ok {
			return a
		}
		return s.createService(account, r.PostForm)
	}
	var m []string
	var svc *verifyService
	service := func() bool {
		svc = s.verify.services[m[1]]
		return svc != nil && (svc.account == "" || svc.account == account)
	}
	switch {
	case servicePath.MatchString(p):
		if m = servicePath.FindStringSubmatch(p); !service() {
			return notFound
		}
		if a, ok := method(http.MethodGet); !ok {
			return a
		}
		return answer{status: http.StatusOK, body: serviceResource(svc, account)}
	case verificationsURL.MatchString(p):
		if m = verificationsURL.FindStringSubmatch(p); !service() {
			return notFound
		}
		if a, ok := method(http.MethodPost); !ok {
			return a
		}
		return s.startVerification(account, svc, r.PostForm)
	case verificationPath.MatchString(p):
		if m = verificationPath.FindStringSubmatch(p); !service() {
			return notFound
		}
		if a, ok := method(http.MethodGet); !ok {
			return a
		}
		v := s.verify.bySID[m[2]]
		if !s.live(v, s.opts.Now()) || v.service != svc.sid || v.account != account {
			return notFound
		}
		return answer{status: http.StatusOK, body: verificationResource(v)}
	case checkPath.MatchString(p):
		if m = checkPath.FindStringSubmatch(p); !service() {
			return notFound
		}
		if a, ok := method(http.MethodPost); !ok {
			return a
		}
		return s.checkVerification(account, svc, r.PostForm, notFound)
	}
	return notFound
}

func invalidParameter(text string) answer {
	return answer{status: http.StatusBadRequest, body: newError(http.StatusBadRequest, 60200, "Invalid parameter: "+text)}
}

// createService creates a Verify Service owned by account.
func (s *Server) createService(account string, form url.Values) answer {
	name := form.Get("FriendlyName")
	length := DefaultVerifyCodeLength
	if raw := form.Get("CodeLength"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 4 || n > 10 {
			return invalidParameter("CodeLength")
		}
		length = n
	}
	switch {
	case name == "" || len(name) > 30:
		return invalidParameter("FriendlyName")
	case len(s.verify.services) >= MaxVerifyServices:
		return answer{status: http.StatusTooManyRequests, body: newError(http.StatusTooManyRequests, 20429, "")}
	}
	s.verify.seq++
	svc := &verifyService{sid: fmt.Sprintf("VA%032x", s.verify.seq+1<<60), account: account,
		name: name, codeLength: length, created: s.opts.Now()}
	s.verify.services[svc.sid] = svc
	return answer{status: http.StatusCreated, body: serviceResource(svc, account), created: true}
}

// startVerification sends a code to To: the pending verification's code
// again while it is live (or the CustomCode given), or a new
// verification's.
func (s *Server) startVerification(account string, svc *verifyService, form url.Values) answer {
	to, channel, custom, ip := form.Get("To"), form.Get("Channel"), form.Get("CustomCode"), form.Get("DeviceIp")
	switch {
	case !e164.MatchString(to):
		return invalidParameter("To")
	case channel != "sms":
		return invalidParameter("Channel") // the emulator sends SMS only
	case custom != "" && !customCode.MatchString(custom):
		return invalidParameter("CustomCode")
	case ip != "" && net.ParseIP(ip) == nil:
		return invalidParameter("DeviceIp")
	}
	now := s.opts.Now()
	key := svc.sid + "\x00" + to
	v := s.verify.pending[key]
	if !s.live(v, now) || v.checks >= VerifyMaxChecks {
		v = s.newVerificationLocked(account, svc, to, now)
		s.verify.pending[key] = v
	} else if len(v.sends) >= VerifyMaxSends {
		return answer{status: http.StatusTooManyRequests, body: newError(http.StatusTooManyRequests, 60203, "")}
	}
	if custom != "" {
		v.code = custom
	}
	v.sends = append(v.sends, now)
	v.updated = now
	s.recordLocked(Message{AccountSID: account, To: to,
		Body: "Your " + svc.name + " verification code is: " + v.code}, Outcome{Status: "delivered"})
	return answer{status: http.StatusCreated, body: verificationResource(v), created: true}
}

// newVerificationLocked makes a verification with a new random code and
// keeps it, forgetting the oldest beyond Options.MaxMessages.
func (s *Server) newVerificationLocked(account string, svc *verifyService, to string, now time.Time) *verification {
	s.verify.seq++
	v := &verification{sid: fmt.Sprintf("VE%032x", s.verify.seq), account: account, service: svc.sid,
		to: to, code: randomCode(svc.codeLength), created: now, updated: now}
	if len(s.verify.all) >= s.opts.MaxMessages {
		old := s.verify.all[0]
		delete(s.verify.bySID, old.sid)
		if k := old.service + "\x00" + old.to; s.verify.pending[k] == old {
			delete(s.verify.pending, k)
		}
		s.verify.all[0] = nil
		s.verify.all = s.verify.all[1:]
	}
	s.verify.all = append(s.verify.all, v)
	s.verify.bySID[v.sid] = v
	return v
}

// checkVerification checks Code against the live verification of To or
// VerificationSid.
func (s *Server) checkVerification(account string, svc *verifyService, form url.Values, notFound answer) answer {
	code, to, sid := form.Get("Code"), form.Get("To"), form.Get("VerificationSid")
	var v *verification
	switch {
	case code == "" || len(code) > 10:
		return invalidParameter("Code")
	case to == "" && sid == "":
		return invalidParameter("To or VerificationSid is required")
	case sid != "":
		v = s.verify.bySID[sid]
	default:
		v = s.verify.pending[svc.sid+"\x00"+to]
	}
	now := s.opts.Now()
	if !s.live(v, now) || v.service != svc.sid || v.account != account || (to != "" && v.to != to) {
		return answer{status: http.StatusNotFound, body: newError(http.StatusNotFound, 20404, "The requested resource was not found")}
	}
	if v.checks >= VerifyMaxChecks {
		return answer{status: http.StatusTooManyRequests, body: newError(http.StatusTooManyRequests, 60202, "")}
	}
	v.checks++
	v.updated = now
	if subtle.ConstantTimeCompare([]byte(code), []byte(v.code)) == 1 {
		v.approved = true
		delete(s.verify.pending, v.service+"\x00"+v.to)
	}
	res := verificationResource(v)
	if !v.approved {
		res["status"] = "pending" // a wrong code; the next check answers 60202
	}
	delete(res, "send_code_attempts")
	delete(res, "lookup")
	delete(res, "url")
	return answer{status: http.StatusOK, body: res}
}

// randomCode returns n random decimal digits.
func randomCode(n int) string {
	b := make([]byte, n)
	for i := range b {
		var r [1]byte
		for {
			_, _ = rand.Read(r[:])
			if r[0] < 250 { // 250 = 25*10: no modulo bias
				break
			}
		}
		b[i] = '0' + r[0]%10
	}
	return string(b)
}

func isoDate(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// serviceResource is Twilio's Service resource for svc.
func serviceResource(svc *verifyService, account string) map[string]any {
	return map[string]any{
		"sid":                          svc.sid,
		"account_sid":                  account,
		"friendly_name":                svc.name,
		"code_length":                  svc.codeLength,
		"lookup_enabled":               false,
		"psd2_enabled":                 false,
		"skip_sms_to_landlines":        false,
		"dtmf_input_required":          false,
		"do_not_share_warning_enabled": false,
		"custom_code_enabled":          true,
		"date_created":                 isoDate(svc.created),
		"date_updated":                 isoDate(svc.created),
		"url":                          "https://verify.twilio.com/v2/Services/" + svc.sid,
	}
}

// verificationResource is Twilio's Verification resource for v. It never
// holds the code.
func verificationResource(v *verification) map[string]any {
	attempts := make([]map[string]any, len(v.sends))
	for i, at := range v.sends {
		attempts[i] = map[string]any{"attempt_sid": fmt.Sprintf("VL%016x%016x", v.created.UnixNano(), i),
			"channel": "sms", "time": isoDate(at)}
	}
	return map[string]any{
		"sid":                v.sid,
		"service_sid":        v.service,
		"account_sid":        v.account,
		"to":                 v.to,
		"channel":            "sms",
		"status":             v.status(),
		"valid":              v.approved,
		"lookup":             map[string]any{"carrier": nil},
		"amount":             nil,
		"payee":              nil,
		"send_code_attempts": attempts,
		"date_created":       isoDate(v.created),
		"date_updated":       isoDate(v.updated),
		"sna":                nil,
		"url":                "https://verify.twilio.com/v2/Services/" + v.service + "/Verifications/" + v.sid,
	}
}
