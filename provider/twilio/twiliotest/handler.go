package twiliotest

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

var (
	createPath = regexp.MustCompile(`^/2010-04-01/Accounts/([^/]+)/Messages\.json$`)
	fetchPath  = regexp.MustCompile(`^/2010-04-01/Accounts/([^/]+)/Messages/([^/]+)\.json$`)
	e164       = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)
)

// magicTo and magicFrom are Twilio's test-credential magic numbers.
var (
	magicTo = map[string]int{
		"+15005550001": 21211,
		"+15005550002": 21612,
		"+15005550003": 21408,
		"+15005550004": 21610,
		"+15005550009": 21614,
	}
	magicFrom = map[string]int{
		"+15005550001": 21212,
		"+15005550007": 21606,
		"+15005550008": 21611,
	}
)

// answer is what the server sends back for a request.
type answer struct {
	status  int
	body    any
	created bool
}

// serveHTTP reads the request through MaxRequestBytes and applies its
// fault, if any, around handle.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, MaxRequestBytes)
	if err := r.ParseForm(); err != nil {
		if _, tooLarge := errors.AsType[*http.MaxBytesError](err); tooLarge {
			s.countRequest() // counted; faults are for requests the server reads
			s.write(w, answer{status: http.StatusRequestEntityTooLarge,
				body: newError(http.StatusRequestEntityTooLarge, 20413, "")}, Fault{})
			return
		}
	}
	fault := s.nextFault(Request{Method: r.Method, Path: r.URL.Path, Form: r.Form})
	if fault.Drop == DropBeforeCreate {
		drop(w)
		return
	}
	var a answer
	switch {
	case fault.Create:
		a = s.handle(r)
		a = fault.change(a)
	case fault.replaces():
		a = fault.answer()
	default:
		a = s.handle(r)
	}
	if fault.Drop == DropAfterCreate {
		drop(w)
		return
	}
	if fault.Stall != nil {
		ctx, cancel := context.WithCancel(r.Context())
		stop := context.AfterFunc(s.closed, cancel)
		fault.Stall(ctx)
		stop()
		cancel()
	}
	s.write(w, a, fault)
}

// write sends a with the headers fault asks for.
func (s *Server) write(w http.ResponseWriter, a answer, fault Fault) {
	w.Header().Set("Twilio-Request-Id", fmt.Sprintf("RQ%032x", s.requestIDs.Add(1)))
	if fault.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((fault.RetryAfter+999_999_999)/1e9)))
	}
	if fault.Location != "" {
		w.Header().Set("Location", fault.Location)
	}
	switch body := a.body.(type) {
	case nil:
		w.WriteHeader(a.status)
		return
	case string:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(a.status)
		_, _ = w.Write([]byte(body))
		return
	}
	if a.status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="Twilio API"`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(a.status)
	_ = json.NewEncoder(w).Encode(a.body)
}

// answer is the answer a fault without Create gives in place of the
// server's.
func (f *Fault) answer() answer {
	status, code := f.Status, f.Code
	switch {
	case f.RawBody != "":
		if status == 0 {
			status = http.StatusBadGateway
		}
		return answer{status: status, body: f.RawBody}
	case status >= 300 && status < 400 && code == 0:
		return answer{status: status} // a bare redirect
	}
	if status == 0 {
		status = http.StatusBadRequest
	}
	if code == 0 {
		code = 20000 + status
	}
	return answer{status: status, body: newError(status, code, f.Message)}
}

// change returns the handled answer a as a fault with Create changes it.
func (f *Fault) change(a answer) answer {
	if f.Status != 0 {
		a.status = f.Status
	}
	switch {
	case f.RawBody != "":
		a.body = f.RawBody
	case f.Code != 0:
		a.body = newError(a.status, f.Code, f.Message)
	}
	return a
}

// drop closes the request's connection without an answer.
func drop(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

// handle authenticates and routes a request.
func (s *Server) handle(r *http.Request) answer {
	account, ok := s.authenticate(r)
	if !ok {
		return answer{status: http.StatusUnauthorized, body: newError(http.StatusUnauthorized, 20003, "")}
	}
	notFound := answer{status: http.StatusNotFound, body: newError(http.StatusNotFound, 20404,
		"The requested resource "+clip(r.URL.Path)+" was not found")}
	if strings.HasPrefix(r.URL.Path, "/v2/") {
		return s.handleVerify(account, r, notFound)
	}
	if m := createPath.FindStringSubmatch(r.URL.Path); m != nil {
		if m[1] != account {
			return notFound
		}
		if r.Method == http.MethodGet {
			return s.list(account, r.URL.Path, r.Form)
		}
		if r.Method != http.MethodPost {
			return answer{status: http.StatusMethodNotAllowed, body: newError(http.StatusMethodNotAllowed, 20004, "")}
		}
		return s.create(account, r.PostForm)
	}
	if m := fetchPath.FindStringSubmatch(r.URL.Path); m != nil {
		if m[1] != account {
			return notFound
		}
		if r.Method != http.MethodGet {
			return answer{status: http.StatusMethodNotAllowed, body: newError(http.StatusMethodNotAllowed, 20004, "")}
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		msg, ok := s.bySID[m[2]]
		if !ok || msg.AccountSID != account {
			return notFound
		}
		return answer{status: http.StatusOK, body: toResource(msg.snapshot(s.opts.Now(), s.opts), s.opts)}
	}
	return notFound
}

// authenticate returns the account whose SID and auth token the request's
// basic auth holds.
func (s *Server) authenticate(r *http.Request) (string, bool) {
	user, pass, ok := r.BasicAuth()
	if !ok {
		return "", false
	}
	token, known := s.opts.Accounts[user]
	if !known {
		token = "\x00never matches"
	}
	match := subtle.ConstantTimeCompare([]byte(pass), []byte(token)) == 1
	return user, known && match
}

// create validates a create request as Twilio does and records the message.
func (s *Server) create(account string, form url.Values) answer {
	to, from, service := form.Get("To"), form.Get("From"), form.Get("MessagingServiceSid")
	body, callback := form.Get("Body"), form.Get("StatusCallback")
	refuse := func(code int, text string) answer {
		return answer{status: http.StatusBadRequest, body: newError(http.StatusBadRequest, code, text)}
	}
	switch {
	case to == "":
		return refuse(21604, "")
	case !e164.MatchString(to) || magicTo[to] == 21211:
		return refuse(21211, "The 'To' number "+clip(to)+" is not a valid phone number.")
	case from == "" && service == "":
		return refuse(21603, "")
	case service != "" && !slices.Contains(s.opts.MessagingServices, service):
		return refuse(21705, "The Messaging Service Sid "+clip(service)+" is invalid.")
	case from != "" && magicFrom[from] == 21212:
		return refuse(21212, "The 'From' number "+clip(from)+" is not a valid phone number, shortcode, or alphanumeric sender ID.")
	case from != "" && magicFrom[from] == 21611:
		return refuse(21611, "")
	case from != "" && !slices.Contains(s.opts.From, from):
		return refuse(21606, "The 'From' phone number provided ("+clip(from)+") is not a valid message-capable Twilio phone number for this destination/account.")
	case body == "":
		return refuse(21602, "")
	case utf8.RuneCountInString(body) > 1600:
		return refuse(21617, "")
	case callback != "" && !validCallback(callback):
		return refuse(21609, "Invalid StatusCallback url")
	}
	if code := s.rejection(to); code != 0 {
		return refuse(code, rejectionText(code, to, from))
	}
	outcome := Outcome{Status: "delivered"}
	if s.opts.Outcome != nil {
		outcome = s.opts.Outcome(to)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	msg := s.recordLocked(Message{
		AccountSID:          account,
		To:                  to,
		From:                from,
		MessagingServiceSID: service,
		Body:                body,
		StatusCallback:      callback,
	}, outcome)
	return answer{status: http.StatusCreated, body: toResource(msg.snapshot(msg.DateCreated, s.opts), s.opts), created: true}
}

// recordLocked records m as a message created now, with the next SID, and
// forgets the oldest messages beyond Options.MaxMessages. s.mu is held.
func (s *Server) recordLocked(m Message, outcome Outcome) *message {
	s.seq++
	m.SID = fmt.Sprintf("SM%032x", s.seq)
	m.NumSegments = segments(m.Body)
	m.DateCreated = s.opts.Now()
	msg := &message{Message: m, outcome: outcome}
	if len(s.messages) >= s.opts.MaxMessages {
		// Forget the oldest; clear the slot so it can be collected.
		drop := len(s.messages) - s.opts.MaxMessages + 1
		for _, old := range s.messages[:drop] {
			delete(s.bySID, old.SID)
		}
		clear(s.messages[:drop])
		s.messages = s.messages[drop:]
	}
	s.messages = append(s.messages, msg)
	s.bySID[msg.SID] = msg
	return msg
}

// rejection returns the error code creating a message to to fails with, or
// zero.
func (s *Server) rejection(to string) int {
	if code, ok := s.opts.RejectTo[to]; ok {
		return code
	}
	return magicTo[to]
}

// rejectionText is the error text of a recipient refused with code.
func rejectionText(code int, to, from string) string {
	to, from = clip(to), clip(from)
	switch code {
	case 21408:
		return "Permission to send an SMS has not been enabled for the region indicated by the 'To' number: " + to + "."
	case 21612:
		return "The 'To' phone number: " + to + ", is not currently reachable using the 'From' phone number: " + from + " via SMS."
	}
	return ""
}

func validCallback(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// maxQuote is the most bytes of a request's value an answer quotes.
const maxQuote = 64

// clip cuts s to maxQuote bytes, at a rune boundary, for an answer's text.
func clip(s string) string {
	if len(s) <= maxQuote {
		return s
	}
	cut := maxQuote
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
