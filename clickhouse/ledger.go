// SPDX-License-Identifier: EUPL-1.2

package clickhouse

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	ch "github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/ext"

	"github.com/cityspend/cityspend"
)

// CreateBuyer adds a buyer to the cluster (ECONFLICT when it is there).
func (d *DB) CreateBuyer(ctx context.Context, b cityspend.Buyer) error {
	if err := b.Validate(); err != nil {
		return err
	}
	if _, err := d.Buyer(ctx, b.ID); err == nil {
		return cityspend.Errorf(cityspend.ECONFLICT, "buyer %s exists already", b.ID)
	} else if cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		return err
	}
	if b.CreatedAt.IsZero() {
		b.CreatedAt = time.Now().UTC()
	}
	if err := d.insert(ctx, "buyers", "id, org_number, name, country, municipality, currency, fiscal_start, synthetic, created_at",
		b.ID, b.OrgNumber, b.Name, b.Country, b.Municipality, b.Currency, uint8(b.FiscalStart), boolU8(b.Synthetic),
		b.CreatedAt.Truncate(time.Second)); err != nil {
		return fmt.Errorf("create buyer %s: %w", b.ID, err)
	}
	return nil
}

// insert writes one row through the native protocol's block insert (the
// form every server version takes), with an explicit column list.
func (d *DB) insert(ctx context.Context, table, columns string, values ...any) error {
	bt, err := d.conn.PrepareBatch(ctx, `INSERT INTO `+d.t(table)+` (`+columns+`)`)
	if err != nil {
		return err
	}
	if err := bt.Append(values...); err != nil {
		bt.Abort()
		return err
	}
	return bt.Send()
}

func boolU8(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

func (d *DB) buyers(ctx context.Context, where string, args ...any) ([]cityspend.Buyer, error) {
	rows, err := d.conn.Query(ctx, `SELECT id, org_number, name, country, municipality, currency, fiscal_start, synthetic, created_at
		FROM `+d.t("buyers")+` WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("buyers: %w", err)
	}
	defer rows.Close()
	var out []cityspend.Buyer
	for rows.Next() {
		var b cityspend.Buyer
		var fs, syn uint8
		if err := rows.Scan(&b.ID, &b.OrgNumber, &b.Name, &b.Country, &b.Municipality, &b.Currency, &fs, &syn, &b.CreatedAt); err != nil {
			return nil, fmt.Errorf("buyers: %w", err)
		}
		b.FiscalStart, b.Synthetic, b.CreatedAt = int(fs), syn == 1, b.CreatedAt.UTC()
		out = append(out, b)
	}
	return out, rows.Err()
}

// Buyer reads a buyer of the cluster (ENOTFOUND).
func (d *DB) Buyer(ctx context.Context, id string) (cityspend.Buyer, error) {
	bs, err := d.buyers(ctx, `id = ?`, id)
	if err != nil {
		return cityspend.Buyer{}, err
	}
	if len(bs) == 0 {
		return cityspend.Buyer{}, cityspend.Errorf(cityspend.ENOTFOUND, "no buyer %q (add it with `cityspend buyer add`)", id)
	}
	return bs[0], nil
}

// Buyers lists the cluster's buyers.
func (d *DB) Buyers(ctx context.Context) ([]cityspend.Buyer, error) {
	return d.buyers(ctx, `1 = 1`)
}

// Batches lists a buyer's recorded (committed)
// batches, newest first.
func (d *DB) Batches(ctx context.Context, buyerID string) ([]cityspend.ImportBatch, error) {
	return d.batches(ctx, buyerID, 0)
}

// batches lists a buyer's batches, newest first: all, or the one of id
// (not 0).
func (d *DB) batches(ctx context.Context, buyerID string, id int64) ([]cityspend.ImportBatch, error) {
	cond, args := `buyer_id = ?`, []any{buyerID}
	if id != 0 {
		cond, args = cond+` AND id = ?`, append(args, uint64(id))
	}
	rows, err := d.conn.Query(ctx, `SELECT id, buyer_id, kind, file_name, sha256, bytes, rows_read, rows_loaded, rows_rejected, rows_duplicate,
		amount_loaded, currency, rejects_file, details, started_at, finished_at, imported_by FROM `+d.t("batches")+` WHERE `+cond+` ORDER BY id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("batches: %w", err)
	}
	defer rows.Close()
	var out []cityspend.ImportBatch
	for rows.Next() {
		var b cityspend.ImportBatch
		var id uint64
		var amount int64
		if err := rows.Scan(&id, &b.BuyerID, &b.Kind, &b.FileName, &b.SHA256, &b.Bytes, &b.RowsRead, &b.RowsLoaded, &b.RowsRejected,
			&b.RowsDuplicate, &amount, &b.Currency, &b.RejectsFile, &b.Details, &b.StartedAt, &b.FinishedAt, &b.ImportedBy); err != nil {
			return nil, fmt.Errorf("batches: %w", err)
		}
		b.ID, b.AmountLoaded = int64(id), cityspend.Amount(amount)
		b.State = cityspend.BatchLoaded
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("batches: %w", err)
	}
	undone, err := d.undone(ctx, buyerID)
	if err != nil {
		return nil, err
	}
	for i, b := range out {
		if u, ok := undone[b.ID]; ok {
			out[i].State, out[i].UndoneBy, out[i].UndoneAt = cityspend.BatchUndone, u.by, u.at
		}
	}
	return out, nil
}

// committed is the condition that selects the lines of a buyer's recorded
// batches ("" when there are none: no line is visible). The batches table
// is sharded like the lines (by buyer), so each shard checks its own lines
// against its own batches.
func (d *DB) committed(ctx context.Context, buyerID string) (string, error) {
	var n uint64
	if err := d.conn.QueryRow(ctx, `SELECT count() FROM `+d.t("batches")+` WHERE buyer_id = ?`, buyerID).Scan(&n); err != nil {
		return "", fmt.Errorf("batches: %w", err)
	}
	if n == 0 {
		return "", nil
	}
	return "batch_id IN (SELECT id FROM " + d.db + ".batches_local WHERE buyer_id = " + quote(buyerID) + ")" +
		" AND batch_id NOT IN (SELECT batch_id FROM " + d.db + ".undone_local WHERE buyer_id = " + quote(buyerID) + ")", nil
}

type dedupKey struct {
	hi, lo uint64
	occ    uint32
}

// lineDims numbers the payees, accounts, units and items of the lines
// (the catalog's duckdb.Dims; the tests of this package pass nil: ids 0).
type lineDims interface {
	IDs(p *cityspend.Payment) (payee, account, unit int32)
	Item(payee, account int32, p *cityspend.Payment) int32
	Reject(ctx context.Context, batchID int64, r cityspend.Reject) error
	Save(ctx context.Context, batch *cityspend.ImportBatch) error // and marks the batch's follow-up pending
}

// importPayments writes the lines of a file: checked against the buyer's
// recorded lines chunk by chunk, written under a new batch id, and made
// visible by the batch row written last.
func (d *DB) importPayments(ctx context.Context, batch *cityspend.ImportBatch, rows cityspend.RowReader, dryRun bool, dims lineDims) (err error) {
	buyer, err := d.Buyer(ctx, batch.BuyerID)
	if err != nil {
		return err
	}
	visible, err := d.committed(ctx, buyer.ID)
	if err != nil {
		return err
	}
	if batch.ID == 0 {
		batch.ID = time.Now().UnixNano()
	} else if err := d.freeBatchID(ctx, buyer.ID, batch.ID); err != nil { // a batch moved from another store keeps its id
		return err
	}
	if batch.StartedAt.IsZero() {
		batch.StartedAt = time.Now().UTC()
	}
	wrote := false
	defer func() {
		if err != nil && wrote {
			d.forget(context.Background(), buyer.ID, batch.ID)
		}
	}()
	occ := map[[2]uint64]uint32{} // occurrences of each key in the file
	// A whole document is checked and sent in one chunk: all of it, or,
	// when the buyer has any of its lines, none.
	whole := cityspend.IsWholeDocument(rows)
	var chunk []*cityspend.Payment
	var keys []dedupKey
	var ids [][4]int32
	flush := func() error {
		if len(chunk) == 0 {
			return nil
		}
		dup, err := d.existing(ctx, buyer.ID, visible, keys)
		if err != nil {
			return err
		}
		var send []int
		known := false // the buyer has a line of the whole document already
		for _, k := range keys {
			known = known || (whole && dup[k])
		}
		for i, k := range keys {
			if dup[k] || known {
				batch.RowsDuplicate++
				continue
			}
			send = append(send, i)
			if dims != nil {
				// Items of written lines only, as AssignItems makes them.
				ids[i][3] = dims.Item(ids[i][0], ids[i][1], chunk[i])
			}
			batch.RowsLoaded++
			batch.AmountLoaded += chunk[i].Amount
		}
		if !dryRun && len(send) > 0 {
			if err := d.write(ctx, buyer, batch.ID, chunk, keys, ids, send); err != nil {
				return err
			}
			wrote = true
		}
		chunk, keys, ids = chunk[:0], keys[:0], ids[:0]
		return nil
	}
	for {
		rs, rerr := rows.Read(ctx)
		for _, r := range rs {
			batch.RowsRead++
			if r.Reject != nil {
				batch.RowsRejected++
				if dims != nil && !dryRun {
					if err := dims.Reject(ctx, batch.ID, *r.Reject); err != nil {
						return fmt.Errorf("import: %w", err)
					}
				}
				continue
			}
			p := r.Payment
			// As the embedded store: every line has a date and the buyer's currency.
			if p.Date().IsZero() {
				return fmt.Errorf("import: line %d: payment without a date", p.Line)
			}
			if p.Currency != "" && p.Currency != buyer.Currency {
				return fmt.Errorf("import: line %d: currency %s is not the buyer's %s", p.Line, p.Currency, buyer.Currency)
			}
			k := [2]uint64{p.Key.Hi, p.Key.Lo}
			occ[k]++
			n := occ[k]
			if p.Occurrence > 0 {
				n = uint32(p.Occurrence) // a line moved from another store keeps its number
			}
			chunk = append(chunk, p)
			keys = append(keys, dedupKey{p.Key.Hi, p.Key.Lo, n})
			var id [4]int32 // payee, account, unit; the item once the line is to be written
			if dims != nil {
				id[0], id[1], id[2] = dims.IDs(p)
			}
			ids = append(ids, id)
		}
		if len(chunk) >= d.opt.ChunkRows && !whole {
			if err := flush(); err != nil {
				return err
			}
		}
		if errors.Is(rerr, io.EOF) {
			break
		}
		if rerr != nil {
			return rerr
		}
	}
	if err := flush(); err != nil {
		return err
	}
	// Every row read is loaded, rejected or a duplicate, as in the embedded
	// store; a batch whose counts do not add up is not recorded.
	if batch.RowsRead != batch.RowsLoaded+batch.RowsRejected+batch.RowsDuplicate {
		return cityspend.Errorf(cityspend.EINTERNAL, "import: the rows do not add up: %d read, %d loaded, %d rejected, %d duplicate; nothing is stored",
			batch.RowsRead, batch.RowsLoaded, batch.RowsRejected, batch.RowsDuplicate)
	}
	batch.FinishedAt = time.Now().UTC()
	if dryRun {
		return nil
	}
	if dims != nil {
		if err := dims.Save(ctx, batch); err != nil {
			return fmt.Errorf("import: %w", err)
		}
	}
	if err := d.insert(ctx, "batches", `id, buyer_id, kind, file_name, sha256, bytes, rows_read, rows_loaded,
		rows_rejected, rows_duplicate, amount_loaded, currency, rejects_file, details, started_at, finished_at, imported_by`, uint64(batch.ID), batch.BuyerID, batch.Kind, batch.FileName, batch.SHA256,
		batch.Bytes, batch.RowsRead, batch.RowsLoaded, batch.RowsRejected, batch.RowsDuplicate, int64(batch.AmountLoaded), batch.Currency,
		batch.RejectsFile, batch.Details, batch.StartedAt.Truncate(time.Second), batch.FinishedAt.Truncate(time.Second), batch.ImportedBy); err != nil {
		return fmt.Errorf("import: record batch: %w", err)
	}
	return nil
}

// freeBatchID refuses a batch id the buyer has on the cluster already: a
// recorded batch, or lines of a failed attempt still being removed (they
// would become visible with the new batch's row).
func (d *DB) freeBatchID(ctx context.Context, buyerID string, id int64) error {
	var batches, lines uint64
	if err := d.conn.QueryRow(ctx, `SELECT count() FROM `+d.t("batches")+` WHERE buyer_id = ? AND id = ?`, buyerID, uint64(id)).Scan(&batches); err != nil {
		return fmt.Errorf("import: batch %d: %w", id, err)
	}
	if batches > 0 {
		return cityspend.Errorf(cityspend.ECONFLICT, "buyer %s has batch %d on the cluster already", buyerID, id)
	}
	if err := d.conn.QueryRow(ctx, `SELECT count() FROM `+d.t("payments")+` WHERE buyer_id = ? AND batch_id = ?`, buyerID, uint64(id)).Scan(&lines); err != nil {
		return fmt.Errorf("import: batch %d: %w", id, err)
	}
	if lines > 0 {
		return cityspend.Errorf(cityspend.ECONFLICT, "lines of a failed earlier attempt at batch %d of buyer %s are still being removed; try again in a while", id, buyerID)
	}
	return nil
}

// existing returns which of keys the buyer's recorded lines have: the
// chunk's keys travel with the query as an external table (sent on to the
// shards), so that each chunk costs one scan of the buyer's keys.
func (d *DB) existing(ctx context.Context, buyerID, visible string, keys []dedupKey) (map[dedupKey]bool, error) {
	out := map[dedupKey]bool{}
	if visible == "" || len(keys) == 0 {
		return out, nil
	}
	t, err := ext.NewTable("chunk_keys", ext.Column("hi", "UInt64"), ext.Column("lo", "UInt64"))
	if err != nil {
		return nil, fmt.Errorf("import: duplicates: %w", err)
	}
	for _, k := range keys {
		if err := t.Append(k.hi, k.lo); err != nil {
			return nil, fmt.Errorf("import: duplicates: %w", err)
		}
	}
	rows, err := d.conn.Query(ch.Context(ctx, ch.WithExternalTable(t)), `SELECT key_hi, key_lo, key_occ FROM `+d.t("payments")+
		` WHERE buyer_id = ? AND `+visible+` AND (key_hi, key_lo) IN chunk_keys`, buyerID)
	if err != nil {
		return nil, fmt.Errorf("import: duplicates: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k dedupKey
		if err := rows.Scan(&k.hi, &k.lo, &k.occ); err != nil {
			return nil, fmt.Errorf("import: duplicates: %w", err)
		}
		out[k] = true
	}
	return out, rows.Err()
}

// write sends a chunk's new lines with an explicit column list.
func (d *DB) write(ctx context.Context, b cityspend.Buyer, batchID int64, ps []*cityspend.Payment, keys []dedupKey, ids [][4]int32, idx []int) error {
	bt, err := d.conn.PrepareBatch(ctx, `INSERT INTO `+d.t("payments")+` (buyer_id, batch_id, line, key_hi, key_lo, key_occ, supplier_key,
		supplier_name, account_code, account_text, org_unit, service_code, period_date, amount, vat, currency, description,
		payee_id, account_id, unit_id, item_id, invoice_date, payment_date, has_vat, transaction_id, voucher_no, invoice_no, contract_ref,
		expenditure_type, cpv, unspsc, order_ref, quantity, unit_code)`)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	for _, i := range idx {
		p, k := ps[i], keys[i]
		cur := p.Currency
		if cur == "" {
			cur = b.Currency
		}
		if err := bt.Append(b.ID, uint64(batchID), uint32(p.Line), k.hi, k.lo, k.occ, cityspend.PayeeKey(p.Supplier, b.Country),
			strings.TrimSpace(p.Supplier.Name), p.AccountCode, p.AccountText, p.OrgUnit, p.ServiceCode, p.Date(), int64(p.Amount), int64(p.VAT),
			cur, text(p.Description), ids[i][0], ids[i][1], ids[i][2], ids[i][3], optDate(p.InvoiceDate), optDate(p.PaymentDate), boolU8(p.HasVAT),
			text(p.TransactionID), text(p.VoucherNo), text(p.InvoiceNo), text(p.ContractRef), text(p.ExpenditureType), text(p.CPV),
			text(p.UNSPSC), text(p.OrderRef), text(p.Quantity), text(p.UnitCode)); err != nil {
			bt.Abort()
			return fmt.Errorf("import: line %d: %w", p.Line, err)
		}
	}
	if err := bt.Send(); err != nil {
		return fmt.Errorf("import: write lines: %w", err)
	}
	return nil
}

// forget deletes a failed batch's lines from every shard (they are never
// read, being of no recorded batch; this frees the space).
func (d *DB) forget(ctx context.Context, buyerID string, batchID int64) {
	for _, addr := range d.shards {
		c, err := dial(addr, d.opt.ReadTimeout, d.access)
		if err != nil {
			d.log.Warn("clickhouse: could not remove a failed import's lines", "shard", addr, "batch", batchID, "err", err)
			continue
		}
		if err := c.Exec(ctx, fmt.Sprintf(`ALTER TABLE %s.payments_local DELETE WHERE buyer_id = %s AND batch_id = %d`, d.db, quote(buyerID), batchID)); err != nil {
			d.log.Warn("clickhouse: could not remove a failed import's lines", "shard", addr, "batch", batchID, "err", err)
		}
		c.Close()
	}
}

// text is a line's text as the embedded store keeps it: valid UTF-8.
func text(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }

// optDate is a date or NULL.
func optDate(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// quote is a string literal of ClickHouse SQL.
func quote(s string) string { return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'" }
