package twilio_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/twilio"
	"github.com/smskit/sms/provider/twilio/twiliotest"
)

// The secrets of echoMessage, as an answer might echo them.
const (
	echoToken    = "f00dface0123456789abcdefdeadbeef" // hexadecimal, as Twilio's tokens: "RQ"+token is a well-formed request id
	echoNational = "4155552671"
	echoCode     = "493817"
)

func echoMessage() sms.Message {
	return sms.Message{To: "+1 " + echoNational, Template: "login_code", Params: map[string]string{"code": echoCode}}
}

// echoes are the secrets of echoMessage in the forms a server, a gateway
// or a proxy might write them.
func echoes() []string {
	basic := "Basic " + b64(twiliotest.TestAccountSID+":"+echoToken)
	body := "Your login code is " + echoCode + "."
	return []string{
		echoToken, strings.ToUpper(echoToken), basic,
		"+14155552671", "14155552671", echoNational, "+1 415 555 2671", "(415) 555-2671", "415.555.2671", "415-555-2671",
		body, url.QueryEscape(body), "To=%2B14155552671&Body=" + url.QueryEscape(body),
	}
}

// leaks describes what text shows of the secrets: six or more consecutive
// characters of the token (any case), or four or more consecutive digits
// of the national number or of the code.
func leaks(text string) []string {
	var found []string
	lower := strings.ToLower(text)
	for i := 0; i+6 <= len(echoToken); i++ {
		if strings.Contains(lower, echoToken[i:i+6]) {
			found = append(found, "token fragment "+echoToken[i:i+6])
		}
	}
	for _, digits := range []string{echoNational, echoCode} {
		for i := 0; i+4 <= len(digits); i++ {
			if strings.Contains(text, digits[i:i+4]) {
				found = append(found, "digits "+digits[i:i+4])
			}
		}
	}
	return found
}

// pointer matches the addresses %#v prints, which hold random digits.
var pointer = regexp.MustCompile(`0x[0-9a-f]+`)

// outcomeText is everything a caller might print of a send: the error in
// every format, each link of its chain, and the Result; the addresses %#v
// prints are blanked.
func outcomeText(res sms.Result, err error) string {
	return pointer.ReplaceAllString(outcomeTextWithPointers(res, err), "0x…")
}

func outcomeTextWithPointers(res sms.Result, err error) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v %+v %#v ", res, res, res)
	for e := err; e != nil; {
		fmt.Fprintf(&b, "%s %v %+v %#v ", e.Error(), e, e, e)
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			e = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, inner := range u.Unwrap() {
				b.WriteString(outcomeTextWithPointers(sms.Result{}, inner))
			}
			e = nil
		default:
			e = nil
		}
	}
	return b.String()
}

// echoAnswer is an answer of the emulator's shapes, for echoing secrets
// into.
type echoAnswer struct {
	name   string
	status int
	header map[string]string
	body   string
}

func echoAnswers() []echoAnswer {
	id := "RQ00000000000000000000000000000001"
	return []echoAnswer{
		{"created", 201, map[string]string{"Twilio-Request-Id": id, "Content-Type": "application/json"},
			`{"account_sid":"` + twiliotest.TestAccountSID + `","body":"hi","sid":"SM00000000000000000000000000000001","status":"queued","to":"","num_segments":"1"}`},
		{"refused", 400, map[string]string{"Twilio-Request-Id": id, "Content-Type": "application/json"},
			`{"code":21211,"message":"The 'To' number is not a valid phone number.","more_info":"https://www.twilio.com/docs/errors/21211","status":400}`},
		{"throttled", 429, map[string]string{"Twilio-Request-Id": id, "Retry-After": "3"},
			`{"code":20429,"message":"Too Many Requests","more_info":"https://www.twilio.com/docs/errors/20429","status":429}`},
		{"gateway", 502, map[string]string{"Content-Type": "text/html"}, twiliotest.GatewayPage},
	}
}

// TestEchoAtEveryOffset inserts each secret, in each written form, at
// every offset of each answer's body and of each of its header values, and
// also writes it over the request id: no error and no Result shows a
// fragment of the token, the number or the code.
func TestEchoAtEveryOffset(t *testing.T) {
	if testing.Short() {
		t.Skip("sends tens of thousands of messages")
	}
	type served struct {
		status int
		header http.Header
		body   string
	}
	var next served
	transport := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		_, _ = io.Copy(io.Discard, r.Body)
		return &http.Response{StatusCode: next.status, Header: next.header, Body: io.NopCloser(strings.NewReader(next.body))}, nil
	})
	s := newSender(t, twilio.Options{AccountSID: twiliotest.TestAccountSID, AuthToken: echoToken, From: twiliotest.TestFrom,
		DefaultRegion: "US", Transport: transport,
		Templates: []sms.Template{{Name: "login_code", Kind: sms.KindVerification, Text: loginText}}})
	send := func(t *testing.T, what string, a served) {
		next = a
		res, err := s.Send(context.Background(), echoMessage())
		if found := leaks(outcomeText(res, err)); len(found) > 0 {
			t.Fatalf("%s: %v shows %v", what, err, found)
		}
	}
	headerOf := func(m map[string]string) http.Header {
		h := http.Header{}
		for k, v := range m {
			h.Set(k, v)
		}
		return h
	}
	sends := 0
	for _, a := range echoAnswers() {
		t.Run(a.name, func(t *testing.T) {
			for _, secret := range echoes() {
				for i := 0; i <= len(a.body); i++ {
					send(t, fmt.Sprintf("body offset %d", i), served{a.status, headerOf(a.header), a.body[:i] + secret + a.body[i:]})
					sends++
				}
				for key, value := range a.header {
					for i := 0; i <= len(value); i++ {
						h := headerOf(a.header)
						h.Set(key, value[:i]+secret+value[i:])
						send(t, fmt.Sprintf("header %s offset %d", key, i), served{a.status, h, a.body})
						sends++
					}
				}
				h := headerOf(a.header)
				h.Set("X-Echo", secret)
				send(t, "header X-Echo", served{a.status, h, a.body})
				for i := 2; i+len(secret) <= 34; i++ { // written over a well-formed id
					id := []byte("RQ00000000000000000000000000000001")
					copy(id[i:], secret)
					h := headerOf(a.header)
					h.Set("Twilio-Request-Id", string(id))
					send(t, "request id "+string(id), served{a.status, h, a.body})
					sends++
				}
			}
		})
	}
	t.Logf("%d sends", sends)
}

// TestEchoedRequestIDNeverCopied: a request id that is not Twilio's, or
// that is built from the call's secrets, reaches neither errors nor
// Results.
func TestEchoedRequestIDNeverCopied(t *testing.T) {
	tests := []struct {
		name, id string
		want     string
	}{
		{"well formed", "RQ9f8e7d6c5b4a39281706f5e4d3c2b1a0", "RQ9f8e7d6c5b4a39281706f5e4d3c2b1a0"},
		{"the number", "+14155552671", ""},
		{"the token", "RQ" + echoToken, ""},
		{"the body", "Your login code is 493817.", ""},
		{"too long", "RQ0123456789abcdef0123456789abcdef0", ""},
		{"7 digits of the number", "RQ9f8e7d6c5b4a39281706f5e4155552ab", ""},
	}
	for _, tt := range tests {
		for _, status := range []int{201, 400} {
			body := `{"sid":"SM00000000000000000000000000000001"}`
			if status == 400 {
				body = `{"code":21211,"message":"x","status":400}`
			}
			transport := roundTripFunc(func(*http.Request) (*http.Response, error) {
				return &http.Response{StatusCode: status, Header: http.Header{"Twilio-Request-Id": {tt.id}},
					Body: io.NopCloser(strings.NewReader(body))}, nil
			})
			s := newSender(t, twilio.Options{AccountSID: twiliotest.TestAccountSID, AuthToken: echoToken,
				From: twiliotest.TestFrom, Transport: transport})
			res, err := s.Send(context.Background(), sms.Message{To: "+14155552671", Body: "hi"})
			got := res.RequestID
			if err != nil {
				e, _ := err.(*sms.Error)
				got = e.RequestID
			}
			assert.Equal(t, tt.want, got, "%s under %d", tt.name, status)
		}
	}
}

// TestResultNeedsAValidSID: a 2xx whose sid is not a message SID is not a
// success, and the sid is copied nowhere.
func TestResultNeedsAValidSID(t *testing.T) {
	for _, sid := range []string{"", "SM0", "+14155552671", "SM" + echoToken + "0", "AC0123456789abcdef0123456789abcdef", "sm0123456789abcdef0123456789abcdef"} {
		transport := answeringTransport(201, `{"sid":"`+sid+`","status":"queued"}`)
		s := newSender(t, twilio.Options{AccountSID: twiliotest.TestAccountSID, AuthToken: echoToken,
			From: twiliotest.TestFrom, Transport: transport})
		res, err := s.Send(context.Background(), sms.Message{To: "+14155552671", Body: "hi"})
		require.Error(t, err, "sid %q", sid)
		assert.Zero(t, res)
		assert.False(t, sms.IsNotAccepted(err), "the message may have been accepted")
		if sid != "" {
			assert.NotContains(t, outcomeText(res, err), sid)
		}
	}
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
