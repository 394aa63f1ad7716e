package dryrun

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/smskit/sms/internal/senderkit"
)

// Handler returns an http.Handler that serves the kept messages as JSON for
// a staging admin page, newest first:
//
//	{"messages": [{"time": "2025-01-02T03:04:05Z", "provider": "dryrun",
//	  "message_id": "dryrun-…", "to": "+8613800138000",
//	  "template": "login_code", "params": {"code": "123456"}}]}
//
// The query parameter "to" (any number format) keeps only the messages to
// that number. Only GET and HEAD are allowed; responses are marked
// Cache-Control: no-store.
//
// The JSON holds full phone numbers, params and bodies, because QA needs
// the codes. Mount it only behind staff authentication on a staging
// deployment; never expose it publicly, and never in production.
func (s *Sender) Handler() http.Handler {
	return http.HandlerFunc(s.serveHTTP)
}

// jsonRecord is one Record as Handler serves it.
type jsonRecord struct {
	Time      time.Time         `json:"time"`
	Provider  string            `json:"provider"`
	MessageID string            `json:"message_id"`
	To        string            `json:"to"`
	Template  string            `json:"template,omitempty"`
	Params    map[string]string `json:"params,omitempty"`
	Body      string            `json:"body,omitempty"`
	Sign      string            `json:"sign,omitempty"`
	Reference string            `json:"reference,omitempty"`
}

func (s *Sender) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	to := r.URL.Query().Get("to")
	if to != "" {
		to = senderkit.E164(to, s.base.Region)
	}
	kept := s.snapshot()
	out := make([]jsonRecord, 0, len(kept))
	for i := len(kept) - 1; i >= 0; i-- {
		e := s.record(&kept[i])
		if to != "" && e.Message.To != to {
			continue
		}
		out = append(out, jsonRecord{
			Time:      e.Time,
			Provider:  e.Result.Provider,
			MessageID: e.Result.MessageID,
			To:        e.Message.To,
			Template:  e.Message.Template,
			Params:    e.Message.Params,
			Body:      e.Message.Body,
			Sign:      e.Message.Sign,
			Reference: e.Message.Reference,
		})
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if r.Method == http.MethodHead {
		return
	}
	_ = json.NewEncoder(w).Encode(struct {
		Messages []jsonRecord `json:"messages"`
	}{out})
}
