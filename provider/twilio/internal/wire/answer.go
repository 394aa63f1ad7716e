package wire

import (
	"encoding/json"
	"io"
	"net/http"
)

// Answer is an HTTP answer as a Call keeps it: the status, the two headers
// the packages read, and at most MaxAnswerBytes of the body.
type Answer struct {
	// Status is the HTTP status.
	Status int
	// RequestID is the Twilio-Request-Id header, unchecked: copy it only
	// through Client.CleanRequestID.
	RequestID string
	// RetryAfter is the Retry-After header, unchecked.
	RetryAfter string
	// Body is at most MaxAnswerBytes of the body.
	Body []byte
	// Complete is set when Body is the whole body: it was read to its end,
	// within MaxAnswerBytes, without error.
	Complete bool
}

// readAnswer reads resp through MaxAnswerBytes and closes its body. A body
// read to its end leaves the connection reusable; a longer one is closed
// unread, which costs a connection and saves reading an unbounded body.
func readAnswer(resp *http.Response) *Answer {
	a := &Answer{
		Status:     resp.StatusCode,
		RequestID:  resp.Header.Get("Twilio-Request-Id"),
		RetryAfter: resp.Header.Get("Retry-After"),
	}
	if len(a.RequestID) > 64 {
		a.RequestID = ""
	}
	if len(a.RetryAfter) > 64 {
		a.RetryAfter = ""
	}
	if resp.Body == nil {
		a.Complete = true
		return a
	}
	defer resp.Body.Close()
	size := int64(512)
	if resp.ContentLength >= 0 && resp.ContentLength <= MaxAnswerBytes {
		size = resp.ContentLength + 1 // +1 to see the end without growing
	}
	buf := make([]byte, 0, size)
	r := io.LimitReader(resp.Body, MaxAnswerBytes+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			a.Complete = len(buf) <= MaxAnswerBytes
			break
		}
		if err != nil {
			break
		}
	}
	if len(buf) > MaxAnswerBytes {
		buf = buf[:MaxAnswerBytes]
	}
	a.Body = buf
	return a
}

// OK reports whether the answer's status is 2xx.
func (a *Answer) OK() bool { return a.Status >= 200 && a.Status < 300 }

// Decode decodes the whole body as JSON into v, and reports whether it
// could: a cut or unreadable body decodes nothing. Callers check every
// field they read.
func (a *Answer) Decode(v any) bool {
	return a.Complete && json.Unmarshal(a.Body, v) == nil
}

// IsRequestID reports whether s is a Twilio request id: "RQ" and 32
// hexadecimal digits.
func IsRequestID(s string) bool {
	return len(s) == 34 && s[:2] == "RQ" && IsHex(s[2:])
}

// IsSID reports whether s is a Twilio SID with the two-letter prefix
// prefix ("SM", "VE", "VA", …) and 32 hexadecimal digits. An id that is not
// is not Twilio's, and is never copied into a result, an error or a log
// line.
func IsSID(s, prefix string) bool {
	return len(s) == 34 && s[:2] == prefix && IsHex(s[2:])
}

// IsHex reports whether s holds only hexadecimal digits.
func IsHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// restError is Twilio's error answer as a Call checks it: its code, the
// one field read, and the types of message and status, which make the
// shape Twilio's. Twilio's message, details and more_info quote the
// request, so they are never copied.
type restError struct {
	Code    *int    `json:"code"`
	Message *string `json:"message"`
	Status  *int    `json:"status"`
}

// TwilioCode returns the Twilio error code of an error answer, or 0 when
// the answer is not Twilio's error shape: a whole JSON object whose code is
// an integer of Twilio's five digits, and whose message, if any, is a
// string and status, if any, an integer. Anything else (a gateway's HTML
// page, a cut or unreadable body, a code that is a string, a float or a
// longer number, which may be a phone number) is not Twilio answering.
func (a *Answer) TwilioCode() int {
	var e restError
	if !a.Decode(&e) || e.Code == nil {
		return 0
	}
	return TwilioCode(*e.Code)
}

// CleanRequestID returns id if it is a Twilio request id ("RQ" and 32
// hexadecimal digits) that shows no fragment of the account's token or of
// national, and "" otherwise.
func (cl *Client) CleanRequestID(id, national string) string {
	if !IsRequestID(id) || showsFragment(id, cl.Keys().Token, national) {
		return ""
	}
	return id
}
