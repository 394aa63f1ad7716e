package inbox

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/smskit/sms/provider/twilio/twiliotest"
)

// maxAPIBody bounds a JSON API request body.
const maxAPIBody = 64 << 10

// maxLimit bounds the messages one listing returns.
const maxLimit = 1000

// List is the answer of GET /api/v1/messages.
type List struct {
	// Total is how many messages matched, Messages the newest of them
	// (at most limit), newest first.
	Total    int       `json:"total"`
	Messages []Message `json:"messages"`
}

// Code is the answer of GET /api/v1/numbers/{number}/code.
type Code struct {
	Code      string    `json:"code"`
	MessageID string    `json:"messageId"`
	Time      time.Time `json:"time"`
}

// Receipt is the body of POST /api/v1/messages/{id}/receipt.
type Receipt struct {
	// Status is StatusDelivered or StatusFailed.
	Status string `json:"status"`
	// ErrCode is the failure code of a failed receipt; empty means
	// aliyuntest.DefaultFailureCode.
	ErrCode string `json:"errCode,omitempty"`
}

// apiError is the JSON body of an API error.
type apiError struct {
	Error string `json:"error"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, apiError{Error: msg})
}

// filterOf reads a listing's filter from the query: q, number, since,
// before (RFC 3339) and limit (default 100, at most 1000).
func filterOf(r *http.Request) (Filter, error) {
	q := r.URL.Query()
	f := Filter{Query: q.Get("q"), Number: q.Get("number"), Limit: 100}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxLimit {
			return f, errors.New("limit must be a number from 1 to 1000")
		}
		f.Limit = n
	}
	for name, dst := range map[string]*time.Time{"since": &f.Since, "before": &f.Before} {
		if v := q.Get(name); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				return f, errors.New(name + " must be an RFC 3339 time, e.g. 2026-01-02T15:04:05Z")
			}
			*dst = t
		}
	}
	return f, nil
}

// Messages returns the messages f selects, newest first, and how many
// matched in all.
func (s *Server) Messages(f Filter) ([]Message, int) {
	recs, total := s.store.find(f, s.cfg.Now())
	out := make([]Message, len(recs))
	for i, r := range recs {
		out[i] = s.view(r)
	}
	return out, total
}

func (s *Server) listMessages(w http.ResponseWriter, r *http.Request) {
	f, err := filterOf(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	msgs, total := s.Messages(f)
	if msgs == nil {
		msgs = []Message{}
	}
	writeJSON(w, http.StatusOK, List{Total: total, Messages: msgs})
}

func (s *Server) getMessage(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.store.get(r.PathValue("id"))
	if !ok {
		writeError(w, http.StatusNotFound, "no such message")
		return
	}
	writeJSON(w, http.StatusOK, s.view(rec))
}

func (s *Server) deleteMessage(w http.ResponseWriter, r *http.Request) {
	if !s.store.remove(r.PathValue("id")) {
		writeError(w, http.StatusNotFound, "no such message")
		return
	}
	s.events.publish("delete", map[string]string{"id": r.PathValue("id")})
	w.WriteHeader(http.StatusNoContent)
}

// Clear forgets every message, in the inbox and in both emulators (which
// also forget their request counts and frequency-limit history). The chaos
// setting stays.
func (s *Server) Clear() {
	s.store.clear()
	s.aliyun.Reset()
	s.twilio.Reset() // removes its fault function: put chaos back
	s.twilio.SetFaults(s.chaos.twilioFault)
	s.events.publish("clear", map[string]string{})
}

func (s *Server) deleteAll(w http.ResponseWriter, _ *http.Request) {
	s.Clear()
	w.WriteHeader(http.StatusNoContent)
}

// latestFor returns the newest message to number.
func (s *Server) latestFor(number string) (Message, bool) {
	msgs, _ := s.Messages(Filter{Number: number, Limit: 1})
	if len(msgs) == 0 {
		return Message{}, false
	}
	return msgs[0], true
}

func (s *Server) latest(w http.ResponseWriter, r *http.Request) {
	m, ok := s.latestFor(r.PathValue("number"))
	if !ok {
		writeError(w, http.StatusNotFound, "no message to this number")
		return
	}
	writeJSON(w, http.StatusOK, m)
}

func (s *Server) latestCode(w http.ResponseWriter, r *http.Request) {
	msgs, _ := s.Messages(Filter{Number: r.PathValue("number")})
	for _, m := range msgs {
		if m.Code != "" {
			writeJSON(w, http.StatusOK, Code{Code: m.Code, MessageID: m.ID, Time: m.Time})
			return
		}
	}
	writeError(w, http.StatusNotFound, "no code sent to this number")
}

// SetReceipt makes the receipt of the message with id arrive now:
// delivered, or failed with errCode. For Aliyun, QuerySendDetails reports
// it at once (errCode empty: aliyuntest.DefaultFailureCode); for Twilio,
// fetching the message does (errCode a Twilio error number, empty: 30003,
// and the status "undelivered"). Twilio Verify sends have no receipt.
func (s *Server) SetReceipt(id string, failed bool, errCode string) error {
	rec, ok := s.store.get(id)
	if !ok {
		return errNotFound
	}
	if rec.restored {
		return errors.New("this message is from an earlier run of the inbox: its provider no longer knows it")
	}
	provider, kind, bizID, to := rec.msg.Provider, rec.msg.Kind, rec.msg.BizID, rec.msg.To
	if provider == ProviderTwilio {
		if kind == "Verification" {
			return errors.New("a Twilio Verify send has no delivery receipt to set")
		}
		o := twiliotest.Outcome{Status: "delivered"}
		if failed {
			o = twiliotest.Outcome{Status: "undelivered", ErrorCode: 30003}
			if errCode != "" {
				n, err := strconv.Atoi(errCode)
				if err != nil || n <= 0 {
					return errBadRequest("the errCode of a Twilio message is a Twilio error number, such as 30003")
				}
				o.ErrorCode = n
			}
		}
		s.twilio.SetOutcome(rec.sid, o)
		s.events.publish("receipt", map[string]string{"id": id})
		return nil
	}
	now := s.cfg.Now()
	s.aliyun.SetReceipt(bizID, to, aliyuntest.Receipt{Failed: failed, ErrCode: errCode})
	s.store.update(id, func(r *record) { r.receiptAt, r.failed, r.errCode = now, failed, errCode })
	s.events.publish("receipt", map[string]string{"id": id})
	return nil
}

var errNotFound = errors.New("no such message")

// errBadRequest is an error in the request, answered HTTP 400.
type errBadRequest string

func (e errBadRequest) Error() string { return string(e) }

func (s *Server) setReceipt(w http.ResponseWriter, r *http.Request) {
	var body Receipt
	if err := json.NewDecoder(io.LimitReader(r.Body, maxAPIBody)).Decode(&body); err != nil {
		writeError(w, http.StatusBadRequest, "the body must be JSON: {\"status\": \"delivered\"|\"failed\", \"errCode\": \"...\"}")
		return
	}
	if body.Status != StatusDelivered && body.Status != StatusFailed {
		writeError(w, http.StatusBadRequest, "status must be \"delivered\" or \"failed\"")
		return
	}
	if len(body.ErrCode) > 32 {
		writeError(w, http.StatusBadRequest, "errCode must be at most 32 bytes")
		return
	}
	err := s.SetReceipt(r.PathValue("id"), body.Status == StatusFailed, body.ErrCode)
	var bad errBadRequest
	switch {
	case errors.Is(err, errNotFound):
		writeError(w, http.StatusNotFound, err.Error())
		return
	case errors.As(err, &bad):
		writeError(w, http.StatusBadRequest, err.Error())
		return
	case err != nil:
		writeError(w, http.StatusConflict, err.Error())
		return
	}
	rec, _ := s.store.get(r.PathValue("id"))
	writeJSON(w, http.StatusOK, s.view(rec))
}

// Chaos returns the current chaos setting.
func (s *Server) Chaos() Chaos { return s.chaos.get() }

// SetChaos replaces the chaos setting; it refuses unknown classes and
// probabilities outside 0–100.
func (s *Server) SetChaos(c Chaos) error {
	if err := c.validate(); err != nil {
		return err
	}
	s.chaos.set(c)
	s.events.publish("chaos", s.chaos.get())
	return nil
}

func (s *Server) getChaos(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.Chaos())
}

func (s *Server) putChaos(w http.ResponseWriter, r *http.Request) {
	var c Chaos
	dec := json.NewDecoder(io.LimitReader(r.Body, maxAPIBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		writeError(w, http.StatusBadRequest, "the body must be JSON: {\"probability\": {\"throttling\": 50}, \"latencyMs\": 2000}")
		return
	}
	if err := s.SetChaos(c); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, s.Chaos())
}

func (s *Server) health(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}
