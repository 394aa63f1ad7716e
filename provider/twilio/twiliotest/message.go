package twiliotest

import (
	"strconv"
	"strings"
	"time"
)

// Message is a message the Server created, as the inspection methods return
// it: a copy, with Status and ErrorCode as of the moment of the call.
type Message struct {
	// SID is the message's id, "SM" and 32 hexadecimal digits.
	SID string
	// AccountSID is the account that created the message.
	AccountSID string
	// To is the recipient as received.
	To string
	// From is the sender as received; empty when only a Messaging Service
	// was named, and for the SMS of a Verify code.
	From string
	// MessagingServiceSID is the Messaging Service as received, or empty.
	MessagingServiceSID string
	// Body is the text as received.
	Body string
	// StatusCallback is the status callback URL as received, or empty. The
	// server records it and never calls it.
	StatusCallback string
	// NumSegments is how many SMS segments the body takes.
	NumSegments int
	// DateCreated is when the message was created, on the server's clock.
	DateCreated time.Time
	// Status is "queued" (or "accepted", with a Messaging Service and no
	// From), "sent", "delivered", "undelivered" or "failed".
	Status string
	// ErrorCode is the delivery error code of an undelivered or failed
	// message, or zero.
	ErrorCode int
}

// message is the server's record of a created message.
type message struct {
	Message
	outcome Outcome
	decided bool // SetOutcome made the outcome final, whatever the clock says
}

// snapshot returns a copy of m with its status at now.
func (m *message) snapshot(now time.Time, opts Options) Message {
	out := m.Message
	elapsed := now.Sub(m.DateCreated)
	switch {
	case m.decided:
		out.Status = m.outcome.Status
		out.ErrorCode = m.outcome.ErrorCode
	case elapsed < opts.SentAfter:
		out.Status = "queued"
		if m.From == "" && m.MessagingServiceSID != "" {
			out.Status = "accepted"
		}
	case elapsed < opts.SentAfter+opts.DeliveredAfter:
		out.Status = "sent"
	default:
		out.Status = m.outcome.Status
		out.ErrorCode = m.outcome.ErrorCode
	}
	return out
}

// resource is Twilio's JSON shape of a Message resource.
type resource struct {
	AccountSID          string            `json:"account_sid"`
	APIVersion          string            `json:"api_version"`
	Body                string            `json:"body"`
	DateCreated         string            `json:"date_created"`
	DateSent            *string           `json:"date_sent"`
	DateUpdated         string            `json:"date_updated"`
	Direction           string            `json:"direction"`
	ErrorCode           *int              `json:"error_code"`
	ErrorMessage        *string           `json:"error_message"`
	From                *string           `json:"from"`
	MessagingServiceSID *string           `json:"messaging_service_sid"`
	NumMedia            string            `json:"num_media"`
	NumSegments         string            `json:"num_segments"`
	Price               *string           `json:"price"`
	PriceUnit           string            `json:"price_unit"`
	SID                 string            `json:"sid"`
	Status              string            `json:"status"`
	SubresourceURIs     map[string]string `json:"subresource_uris"`
	To                  string            `json:"to"`
	URI                 string            `json:"uri"`
}

// dateFormat is Twilio's RFC 2822 date format, always in GMT.
const dateFormat = time.RFC1123Z

// toResource renders m, seen at its status s, in Twilio's JSON shape.
func toResource(s Message, opts Options) resource {
	base := "/2010-04-01/Accounts/" + s.AccountSID + "/Messages/" + s.SID
	r := resource{
		AccountSID:  s.AccountSID,
		APIVersion:  "2010-04-01",
		Body:        s.Body,
		DateCreated: s.DateCreated.UTC().Format(dateFormat),
		DateUpdated: s.DateCreated.UTC().Format(dateFormat),
		Direction:   "outbound-api",
		NumMedia:    "0",
		NumSegments: strconv.Itoa(s.NumSegments),
		PriceUnit:   "USD",
		SID:         s.SID,
		Status:      s.Status,
		SubresourceURIs: map[string]string{
			"media":    base + "/Media.json",
			"feedback": base + "/Feedback.json",
		},
		To:  s.To,
		URI: base + ".json",
	}
	if s.From != "" {
		r.From = &s.From
	}
	if s.MessagingServiceSID != "" {
		r.MessagingServiceSID = &s.MessagingServiceSID
	}
	if s.Status != "queued" && s.Status != "accepted" {
		sent := s.DateCreated.Add(opts.SentAfter).UTC().Format(dateFormat)
		r.DateSent = &sent
		r.DateUpdated = sent
	}
	if s.Status != "queued" && s.Status != "accepted" && s.Status != "sent" {
		r.DateUpdated = s.DateCreated.Add(opts.SentAfter + opts.DeliveredAfter).UTC().Format(dateFormat)
	}
	if s.ErrorCode != 0 {
		code, text := s.ErrorCode, deliveryErrorText(s.ErrorCode)
		r.ErrorCode, r.ErrorMessage = &code, &text
	}
	return r
}

// deliveryErrorText describes Twilio's common delivery error codes.
func deliveryErrorText(code int) string {
	switch code {
	case 30003:
		return "Unreachable destination handset"
	case 30005:
		return "Unknown destination handset"
	case 30006:
		return "Landline or unreachable carrier"
	case 30007:
		return "Message filtered"
	}
	return "Unknown error"
}

// gsm7 holds the characters of the GSM 03.38 basic character set; gsm7Ext
// those of its extension table, which take two septets each.
const (
	gsm7 = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
		"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
	gsm7Ext = "^{}\\[~]|€\f"
)

// segments counts the SMS segments body takes: 160 GSM-7 septets or 70
// UTF-16 units in one segment, 153 or 67 per segment when concatenated.
func segments(body string) int {
	septets, units, isGSM := 0, 0, true
	for _, r := range body {
		switch {
		case strings.ContainsRune(gsm7, r):
			septets++
		case strings.ContainsRune(gsm7Ext, r):
			septets += 2
		default:
			isGSM = false
		}
		units++
		if r > 0xFFFF {
			units++
		}
	}
	single, multi, n := 70, 67, units
	if isGSM {
		single, multi, n = 160, 153, septets
	}
	if n <= single {
		return 1
	}
	return (n + multi - 1) / multi
}
