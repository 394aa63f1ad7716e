package aliyuntest

// SetReceipt decides now the receipt of the messages kept for bizID and
// phoneNumber (written in any form Aliyun accepts; empty means every number
// of bizID): they become delivered, or failed with r.ErrCode (empty means
// DefaultFailureCode) when r.Failed is set, r.Delay after the emulator's
// current time. QuerySendDetails reports the change at once when r.Delay
// is zero. A staging inbox uses it for its "deliver now" and "fail now"
// controls. It returns how many messages changed.
func (e *Emulator) SetReceipt(bizID, phoneNumber string, r Receipt) int {
	now := e.now()
	key := ""
	if phoneNumber != "" {
		key = phoneKey(phoneNumber)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	list := e.store.messages
	if key != "" {
		list = e.store.to(key)
	}
	n := 0
	for _, s := range list {
		if s.msg.BizID != bizID {
			continue
		}
		delay := now.Sub(s.msg.SendTime) + r.Delay
		if delay < 0 {
			delay = 0
		}
		s.receipt = Receipt{Delay: delay, Failed: r.Failed, ErrCode: r.ErrCode}
		n++
	}
	return n
}
