package aliyuntest

import "time"

// OtherActions is the key under which Requests and RequestCounts count the
// requests for every action the emulator does not serve: the count of each
// unknown action name is not kept, so that no request can grow the
// emulator's memory.
const OtherActions = "(other)"

// Messages returns copies of the accepted messages kept (the last
// Options.MaxMessages), in order of acceptance, with their delivery status
// at the emulator's current time.
func (e *Emulator) Messages() []Message {
	now := e.now()
	e.mu.Lock()
	defer e.mu.Unlock()
	return snapshot(e.store.messages, now)
}

// MessagesTo returns copies of the messages accepted for phoneNumber, in
// order of acceptance. The number may be written in any form Aliyun accepts:
// "13800138000" also finds messages sent to "+8613800138000".
func (e *Emulator) MessagesTo(phoneNumber string) []Message {
	now := e.now()
	e.mu.Lock()
	defer e.mu.Unlock()
	return snapshot(e.store.to(phoneKey(phoneNumber)), now)
}

// LastMessageTo returns a copy of the message last accepted for phoneNumber,
// which is how a test or a QA tool reads the verification code that "would
// have been sent". The boolean is false if there is none.
func (e *Emulator) LastMessageTo(phoneNumber string) (Message, bool) {
	now := e.now()
	e.mu.Lock()
	defer e.mu.Unlock()
	list := e.store.to(phoneKey(phoneNumber))
	if len(list) == 0 {
		return Message{}, false
	}
	return list[len(list)-1].at(now), true
}

// Requests returns how many requests arrived for action (e.g. "SendSms"),
// whatever their outcome: rejected, faulted and dropped requests count.
// Requests without an Action parameter count under "", requests for any
// action the emulator does not serve under OtherActions (so Requests of an
// unknown name is that shared count).
func (e *Emulator) Requests(action string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.requests[e.countedAs(action)]
}

// RequestCounts returns a copy of the number of requests per action, with
// unknown actions under OtherActions.
func (e *Emulator) RequestCounts() map[string]int {
	e.mu.Lock()
	defer e.mu.Unlock()
	counts := make(map[string]int, len(e.requests))
	for a, n := range e.requests {
		counts[a] = n
	}
	return counts
}

// Reset forgets every accepted message, request count, frequency-limit
// history, verification code, used nonce and queued fault. Options, including Options.Faults or
// the function set with SetFaults, and the sequence of BizIds stay.
func (e *Emulator) Reset() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.resetLocked()
}

func (e *Emulator) resetLocked() {
	e.requests = map[string]int{}
	e.store = messageStore{max: e.opts.MaxMessages}
	e.history = sendHistory{}
	e.verify = verifications{byKey: map[string]*verification{}, lastCode: map[string]string{}}
	e.nonces = nonces{}
	e.faults = nil
}

// snapshot copies list as it stands at now.
func snapshot(list []*stored, now time.Time) []Message {
	out := make([]Message, len(list))
	for i, s := range list {
		out[i] = s.at(now)
	}
	return out
}
