package twiliotest

import (
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Paging of the Messages list, as Twilio's.
const (
	defaultPageSize = 50
	maxPageSize     = 1000
)

// listPage is Twilio's JSON shape of a page of the Messages list.
type listPage struct {
	End             int        `json:"end"`
	FirstPageURI    string     `json:"first_page_uri"`
	NextPageURI     *string    `json:"next_page_uri"`
	Page            int        `json:"page"`
	PageSize        int        `json:"page_size"`
	PreviousPageURI *string    `json:"previous_page_uri"`
	Start           int        `json:"start"`
	URI             string     `json:"uri"`
	Messages        []resource `json:"messages"`
}

// list serves GET .../Messages.json: the account's messages, newest first,
// filtered by To, From, DateSent, DateSent< and DateSent> (a date
// YYYY-MM-DD or an RFC 3339 time, compared with the creation time), a page
// at a time (PageSize 1–1000,
// default 50; Page from 0), with the page URIs twilio-go follows.
func (s *Server) list(account, path string, q url.Values) answer {
	bad := func(text string) answer {
		return answer{status: http.StatusBadRequest, body: newError(http.StatusBadRequest, 20001, text)}
	}
	size, page := defaultPageSize, 0
	if v := q.Get("PageSize"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPageSize {
			return bad("PageSize must be between 1 and 1000")
		}
		size = n
	}
	if v := q.Get("Page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return bad("Page must be a non-negative integer")
		}
		page = n
	}
	var on, before, after time.Time
	var onDay bool
	for name, dst := range map[string]*time.Time{"DateSent": &on, "DateSent<": &before, "DateSent>": &after} {
		v := q.Get(name)
		if v == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			t, err = time.Parse("2006-01-02", v)
			if name == "DateSent" && err == nil {
				onDay = true
			}
		}
		if err != nil {
			return bad("Invalid " + name + ": use YYYY-MM-DD or an RFC 3339 time")
		}
		*dst = t
	}
	to, from := q.Get("To"), q.Get("From")
	s.mu.Lock()
	now := s.opts.Now()
	var matched []Message
	for i := len(s.messages) - 1; i >= 0; i-- {
		m := s.messages[i]
		if m.AccountSID != account || to != "" && m.To != to || from != "" && m.From != from {
			continue
		}
		sent := m.DateCreated.UTC()
		switch {
		case onDay && sent.Format("2006-01-02") != on.Format("2006-01-02"),
			!onDay && !on.IsZero() && !sent.Equal(on),
			!before.IsZero() && !sent.Before(before),
			!after.IsZero() && !sent.After(after):
			continue
		}
		matched = append(matched, m.snapshot(now, s.opts))
	}
	s.mu.Unlock()

	pageURI := func(p int) string {
		v := url.Values{}
		for _, k := range []string{"To", "From", "DateSent", "DateSent<", "DateSent>"} {
			if q.Get(k) != "" {
				v.Set(k, q.Get(k))
			}
		}
		v.Set("PageSize", strconv.Itoa(size))
		v.Set("Page", strconv.Itoa(p))
		return path + "?" + v.Encode()
	}
	start := page * size
	body := listPage{
		FirstPageURI: pageURI(0),
		Page:         page,
		PageSize:     size,
		Start:        start,
		URI:          pageURI(page),
		Messages:     []resource{},
	}
	for i := start; i < len(matched) && i < start+size; i++ {
		body.Messages = append(body.Messages, toResource(matched[i], s.opts))
	}
	body.End = start + len(body.Messages) - 1
	if body.End < start {
		body.End = start
	}
	if start+size < len(matched) {
		next := pageURI(page + 1)
		body.NextPageURI = &next
	}
	if page > 0 {
		prev := pageURI(page - 1)
		body.PreviousPageURI = &prev
	}
	return answer{status: http.StatusOK, body: body}
}
