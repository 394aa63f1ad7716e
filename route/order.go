package route

// tier is one step of a route's failover order: a single target, or a group
// of adjacent weighted targets whose order is drawn for each message.
type tier struct {
	targets []Target
	total   int // sum of the weights; zero for a single unweighted target
}

// tiers splits targets into tiers: each run of adjacent targets with a
// positive Weight is one weighted tier, every other target a tier alone.
func tiers(targets []Target) []tier {
	var out []tier
	for i := 0; i < len(targets); {
		if targets[i].Weight <= 0 {
			out = append(out, tier{targets: targets[i : i+1]})
			i++
			continue
		}
		j, total := i, 0
		for ; j < len(targets) && targets[j].Weight > 0; j++ {
			total += targets[j].Weight
		}
		out = append(out, tier{targets: targets[i:j], total: total})
		i = j
	}
	return out
}

// order appends the route's targets to dst in the order to try them for one
// message, drawing each weighted tier's order with intn.
func order(dst []Target, ts []tier, intn func(int) int) []Target {
	for _, t := range ts {
		if t.total == 0 || len(t.targets) == 1 {
			dst = append(dst, t.targets...)
			continue
		}
		start := len(dst)
		dst = append(dst, t.targets...)
		drawn, total := dst[start:], t.total
		// Weighted draw without replacement: move the winner of each draw
		// to the front of the part not drawn yet.
		for k := 0; k < len(drawn)-1; k++ {
			r := intn(total)
			w := k
			for ; w < len(drawn)-1 && r >= drawn[w].Weight; w++ {
				r -= drawn[w].Weight
			}
			drawn[k], drawn[w] = drawn[w], drawn[k]
			total -= drawn[k].Weight
		}
	}
	return dst
}
