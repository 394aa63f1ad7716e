package aliyun

import (
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// answerBody is the API's answer, as far as this package reads it.
type answerBody struct {
	Code      string `json:"Code"`
	Message   string `json:"Message"`
	RequestID string `json:"RequestId"`
	BizID     string `json:"BizId"`
}

// maxSharedAnswer is the longest body whose fields are kept as slices of
// it; those of a longer one are copied, so that a Result's ids do not keep
// a large body alive.
const maxSharedAnswer = 1 << 10

// decodeAnswerBody decodes body, the answer (the same bytes as a string
// and a slice), as json.Unmarshal into an answerBody does: ok reports
// whether json.Unmarshal decodes it without an error.
//
// Aliyun's answers are read without encoding/json's reflection and copies:
// a JSON object whose values are strings without escapes (any other answer
// is handed to json.Unmarshal). Its fields are then slices of body.
func decodeAnswerBody(body string, bytes []byte) (answerBody, bool) {
	if b, plain := plainAnswerBody(body); plain {
		if len(body) > maxSharedAnswer {
			b = answerBody{strings.Clone(b.Code), strings.Clone(b.Message), strings.Clone(b.RequestID),
				strings.Clone(b.BizID)}
		}
		return b, true
	}
	var b answerBody // on the heap: only here
	err := json.Unmarshal(bytes, &b)
	return b, err == nil
}

// plainAnswerBody decodes body when it is a plain JSON object: keys ASCII
// and values strings, both without escapes or control characters, the
// values valid UTF-8, nothing after the object but white space. For such a
// body it gives what json.Unmarshal gives: keys matched to the fields in
// any letter case, the last of repeated keys winning, other keys ignored.
// plain is false for any other body.
func plainAnswerBody(body string) (b answerBody, plain bool) {
	i := skipSpace(body, 0)
	if i == len(body) || body[i] != '{' {
		return b, false
	}
	i = skipSpace(body, i+1)
	if i < len(body) && body[i] == '}' {
		return b, skipSpace(body, i+1) == len(body)
	}
	for {
		key, next, ok := plainString(body, i, true)
		if !ok {
			return b, false
		}
		i = skipSpace(body, next)
		if i == len(body) || body[i] != ':' {
			return b, false
		}
		value, next, ok := plainString(body, skipSpace(body, i+1), false)
		if !ok {
			return b, false
		}
		switch {
		case strings.EqualFold(key, "Code"):
			b.Code = value
		case strings.EqualFold(key, "Message"):
			b.Message = value
		case strings.EqualFold(key, "RequestId"):
			b.RequestID = value
		case strings.EqualFold(key, "BizId"):
			b.BizID = value
		}
		i = skipSpace(body, next)
		switch {
		case i == len(body):
			return b, false
		case body[i] == ',':
			i = skipSpace(body, i+1)
		case body[i] == '}':
			return b, skipSpace(body, i+1) == len(body)
		default:
			return b, false
		}
	}
}

// plainString reads the JSON string at body[i:] when it has no escapes and
// no control characters, and is ASCII (asciiOnly) or valid UTF-8, and
// returns its contents and the index after it; plain is false otherwise.
func plainString(body string, i int, asciiOnly bool) (s string, next int, plain bool) {
	if i == len(body) || body[i] != '"' {
		return "", 0, false
	}
	ascii := true
	for j := i + 1; j < len(body); j++ {
		switch c := body[j]; {
		case c == '"':
			s = body[i+1 : j]
			if !ascii && (asciiOnly || !utf8.ValidString(s)) {
				return "", 0, false
			}
			return s, j + 1, true
		case c == '\\' || c < ' ':
			return "", 0, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return "", 0, false
}

// skipSpace returns the index of the first byte at or after i in body that
// is not JSON white space.
func skipSpace(body string, i int) int {
	for i < len(body) {
		switch body[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}
