// SPDX-License-Identifier: EUPL-1.2

package indicator

import (
	"math/big"

	"github.com/cityspend/cityspend"
)

// mulDivRound is a × b / c rounded half away from zero, exactly.
func mulDivRound(a, b, c cityspend.Amount) cityspend.Amount {
	if c == 0 {
		return 0
	}
	v := new(big.Int).Mul(big.NewInt(int64(a)), big.NewInt(int64(b)))
	q, r := new(big.Int).QuoRem(v, big.NewInt(int64(c)), new(big.Int))
	twice := new(big.Int).Mul(new(big.Int).Abs(r), big.NewInt(2))
	if twice.Cmp(new(big.Int).Abs(big.NewInt(int64(c)))) >= 0 {
		if (v.Sign() < 0) != (c < 0) {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return cityspend.Amount(q.Int64())
}
