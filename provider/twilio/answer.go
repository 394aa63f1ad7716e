package twilio

import (
	"encoding/json"
	"io"
	"net/http"

	"github.com/smskit/sms/internal/redact"
)

// answer is an HTTP answer as the Sender keeps it: the status, the two
// headers it reads, and at most MaxAnswerBytes of the body.
type answer struct {
	status     int
	requestID  string // Twilio-Request-Id, unchecked
	retryAfter string // Retry-After, unchecked
	body       []byte
	// complete is set when body is the whole body: it was read to its end,
	// within MaxAnswerBytes, without error.
	complete bool
}

// readAnswer reads resp through MaxAnswerBytes and closes its body. A body
// read to its end leaves the connection reusable; a longer one is closed
// unread, which costs a connection and saves reading an unbounded body.
func readAnswer(resp *http.Response) *answer {
	a := &answer{
		status:     resp.StatusCode,
		requestID:  resp.Header.Get("Twilio-Request-Id"),
		retryAfter: resp.Header.Get("Retry-After"),
	}
	if len(a.requestID) > 64 {
		a.requestID = ""
	}
	if len(a.retryAfter) > 64 {
		a.retryAfter = ""
	}
	if resp.Body == nil {
		a.complete = true
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
			a.complete = len(buf) <= MaxAnswerBytes
			break
		}
		if err != nil {
			break
		}
	}
	if len(buf) > MaxAnswerBytes {
		buf = buf[:MaxAnswerBytes]
	}
	a.body = buf
	return a
}

// isMessageSID reports whether s is a message SID: "SM" or "MM" and 32
// hexadecimal digits. An id that is not is not Twilio's, and is never
// copied into a Result, an error or a log line.
func isMessageSID(s string) bool {
	return len(s) == 34 && (s[:2] == "SM" || s[:2] == "MM") && isHex(s[2:])
}

// isRequestID reports whether s is a Twilio request id: "RQ" and 32
// hexadecimal digits.
func isRequestID(s string) bool {
	return len(s) == 34 && s[:2] == "RQ" && isHex(s[2:])
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// resource is the part of Twilio's Message resource the Sender reads.
type resource struct {
	SID         *string `json:"sid"`
	Status      *string `json:"status"`
	ErrorCode   *int    `json:"error_code"`
	DateSent    *string `json:"date_sent"`
	DateUpdated *string `json:"date_updated"`
}

// restError is Twilio's error answer as the Sender checks it: its code,
// the one field it reads, and the types of message and status, which make
// the shape Twilio's. Twilio's message, details and more_info quote the
// request, so the Sender never copies them.
type restError struct {
	Code    *int    `json:"code"`
	Message *string `json:"message"`
	Status  *int    `json:"status"`
}

// message returns the answer as a Message resource, when it is one: a whole
// JSON object whose sid is a message SID. The SID is the only part of the
// answer that is checked; callers check the rest they read.
func (a *answer) message() (resource, bool) {
	var r resource
	if !a.complete || json.Unmarshal(a.body, &r) != nil || r.SID == nil || !isMessageSID(*r.SID) {
		return resource{}, false
	}
	return r, true
}

// twilioCode returns the Twilio error code of an error answer, or 0 when
// the answer is not Twilio's error shape: a whole JSON object whose code is
// an integer of Twilio's five digits, and whose message, if any, is a
// string and status, if any, an integer. Anything else (a gateway's HTML page,
// a cut or unreadable body, a code that is a string, a float or a longer
// number, which may be a phone number) is not Twilio answering.
func (a *answer) twilioCode() int {
	var e restError
	if !a.complete || json.Unmarshal(a.body, &e) != nil || e.Code == nil {
		return 0
	}
	return twilioCode(*e.Code)
}

// cleanRequestID returns id if it is a Twilio request id ("RQ" and 32
// hexadecimal digits) that shows no fragment of the call's secrets, and ""
// otherwise.
func cleanRequestID(id string, k *keys, national string) string {
	if !isRequestID(id) || showsFragment(id, k.token, national) {
		return ""
	}
	return id
}

// showsFragment reports whether s holds six or more consecutive characters
// of token (case-insensitively) or seven or more consecutive digits of
// national, all of them when it has fewer: redact.Secrets.InID, which
// checks Aliyun's ids too. An id that passes its format check could still
// be built from the request, as a header echoing it. Shorter runs of digits
// are everyday in hexadecimal ids (and in the emulator's, which count from
// zero), so they are not refused; a random Twilio request id holds a
// six-character fragment of a 32-character token about once in 20,000,
// and then only loses its request id.
func showsFragment(s, token, national string) bool {
	sec := redact.Secrets{{Kind: redact.Credential, Text: token}, {Kind: redact.Number, Text: national}}
	return sec.InID(s, redact.MinNumberDigits)
}
