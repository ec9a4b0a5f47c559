// SPDX-License-Identifier: EUPL-1.2

package plan

import (
	"context"
	"net/url"

	"github.com/cityspend/cityspend"
)

// CreateForm adds an item by hand from the plan's form (see FormPatch;
// amounts with the decimal separator dec).
func (e *Editor) CreateForm(ctx context.Context, f url.Values, dec byte) (cityspend.PlanItem, error) {
	fields, err := FormPatch(cityspend.PlanItem{}, f, dec)
	if err != nil {
		return cityspend.PlanItem{}, err
	}
	return e.Create(ctx, fields)
}

// PatchForm changes an item from its form: the fields the form changes.
func (e *Editor) PatchForm(ctx context.Context, id string, f url.Values, dec byte) (cityspend.PlanItem, error) {
	old, err := e.St.PlanItem(ctx, e.Buyer.ID, id)
	if err != nil {
		return old, err
	}
	patch, err := FormPatch(old, f, dec)
	if err != nil {
		return old, err
	}
	return e.Patch(ctx, old.ID, patch)
}
