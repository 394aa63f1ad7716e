package aliyuntest

// messageStore keeps the accepted messages, at most max of them: once full,
// each new message makes it forget the oldest, so that memory stays bounded
// however long a staging emulator runs. It is guarded by Emulator.mu.
type messageStore struct {
	max      int
	messages []*stored            // in order of acceptance
	byNumber map[string][]*stored // by phone.key, in order of acceptance
}

// add stores s under key, forgetting the oldest message when full.
func (st *messageStore) add(key string, s *stored) {
	if st.byNumber == nil {
		st.byNumber = map[string][]*stored{}
	}
	if len(st.messages) >= st.max {
		st.forgetOldest()
	}
	st.messages = append(st.messages, s)
	st.byNumber[key] = append(st.byNumber[key], s)
}

// forgetOldest drops the oldest message, which is also the oldest of its
// number.
func (st *messageStore) forgetOldest() {
	old := st.messages[0]
	st.messages[0] = nil
	st.messages = st.messages[1:]
	key := old.key
	list := st.byNumber[key]
	list[0] = nil
	if len(list) == 1 {
		delete(st.byNumber, key)
	} else {
		st.byNumber[key] = list[1:]
	}
}

// to returns the messages accepted for the number with key.
func (st *messageStore) to(key string) []*stored { return st.byNumber[key] }
