package middleware

import (
	"context"
	"strings"
	"time"

	"github.com/smskit/sms"
)

// sendState is what the outer layers of a stack learnt about one send,
// handed to the inner layers so that they do not work it out again: the
// time read at the start of the send, and the recipient parsed. Reading the
// clock is a third of the stack's own cost on a virtual machine when each
// layer reads it (BENCHMARKS.md); with sendState a send that succeeds reads
// each clock once on its way in.
//
// It travels by value, with the message, through sendWith, so it costs no
// allocation (a context value would). A layer that is not one of this
// package's ends the chain: the layers below it start afresh. Which
// layers read their clock again, and when, is in the package doc ("One
// clock read per send").
type sendState struct {
	src *timeSource // the clock at was read on; nil: none read yet
	at  time.Time

	region string    // the default region phone was parsed with; empty: none parsed
	phone  sms.Phone // msg.To parsed in region
}

// now returns the time of the send on src: the time already read on src
// for this send, or src read now, remembered when st holds no time yet.
func (st *sendState) now(src *timeSource) time.Time {
	if st.src == src {
		return st.at
	}
	t := src.now()
	if st.src == nil {
		st.src, st.at = src, t
	}
	return t
}

// fresh returns st without its time: the layers below read their clocks
// again, as after a wait.
func (st sendState) fresh() sendState {
	st.src, st.at = nil, time.Time{}
	return st
}

// timeLeft is timeLeft(ctx) measured from the send's time when st holds
// one on real time.
func (st *sendState) timeLeft(ctx context.Context) (time.Duration, bool) {
	deadline, ok := ctx.Deadline()
	if !ok {
		return 0, false
	}
	if st.src == realTime {
		return deadline.Sub(st.at), true
	}
	return time.Until(deadline), true
}

// parse returns sms.ParsePhone(raw, region), parsing raw only when st does
// not hold it parsed in region already. raw is always the send's msg.To:
// no layer changes the message it passes on.
func (st *sendState) parse(raw, region string) (sms.Phone, error) {
	if region == "" {
		region = sms.DefaultRegion
	}
	if st.region == region {
		return st.phone, nil
	}
	p, err := sms.ParsePhone(raw, region)
	if err == nil {
		st.region, st.phone = region, p
	}
	return p, err
}

// stateSender is a Sender of this package that takes what the outer layers
// learnt about the send.
type stateSender interface {
	sms.Sender
	sendWith(ctx context.Context, msg sms.Message, st sendState) (sms.Result, error)
}

// nextSender is the Sender a layer wraps, and the same as a stateSender.
type nextSender struct {
	next sms.Sender
	with stateSender // next, or next in plainSender when it is not one
}

// wrapNext returns the nextSender of next.
func wrapNext(next sms.Sender) nextSender {
	with, ok := next.(stateSender)
	if !ok {
		with = plainSender{next}
	}
	return nextSender{next: next, with: with}
}

// send sends msg through the next Sender, with st when it takes it.
func (n *nextSender) send(ctx context.Context, msg sms.Message, st sendState) (sms.Result, error) {
	return n.with.sendWith(ctx, msg, st)
}

// plainSender is a Sender that is not one of this package's layers, such
// as a provider: it takes no sendState.
type plainSender struct{ sms.Sender }

func (p plainSender) sendWith(ctx context.Context, msg sms.Message, _ sendState) (sms.Result, error) {
	return p.Send(ctx, msg)
}

// e164Of returns p in E.164: raw itself when raw already is p in E.164,
// the form providers receive, so that no string is built; otherwise
// p.E164().
func e164Of(raw string, p sms.Phone) string {
	if len(raw) > 1 && raw[0] == '+' && strings.HasSuffix(raw, p.National) && isCountryCode(raw[1:len(raw)-len(p.National)], p.CountryCode) {
		return raw
	}
	return p.E164()
}

// isCountryCode reports whether s is cc written in decimal without a
// sign or a leading zero, as strconv.Itoa writes it.
func isCountryCode(s string, cc int) bool {
	if s == "" || s[0] == '0' || len(s) > 4 {
		return false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return false
		}
		n = n*10 + int(c-'0')
	}
	return n == cc
}
