// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/pdf"
	"github.com/cityspend/cityspend/web"
)

func (a *app) reportCommand() *cobra.Command {
	var buyerID, format, out, lang string
	var year, top int
	var place, typ, section, orgUnit, account string
	cmd := &cobra.Command{
		Use:   "report --buyer ID --year Y --format pdf|html -o FILE",
		Short: "Write the annual spend-analysis report of a buyer's year as PDF or HTML",
		Long: `Write the annual spend-analysis report: the key figures and their trend,
geography (place bands, leakage, municipalities), business types, sectors and
market gaps, the largest suppliers, account groups, LM3 when a survey is
loaded, data-quality notes (unmatched suppliers, unknown place, excluded
spend) and the method. The HTML is one self-contained file; PDF is printed
from it by headless Chromium (installed by scripts/setup).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			format = strings.ToLower(format)
			if format != "pdf" && format != "html" {
				return cityspend.Errorf(cityspend.EINVALID, "--format %q: use pdf or html", format)
			}
			if lang != "nb" && lang != "en" {
				return cityspend.Errorf(cityspend.EINVALID, "--lang %q: use nb or en", lang)
			}
			if format == "pdf" {
				if _, err := pdf.Browser(); err != nil {
					return err
				}
			}
			st, err := a.openStore(ctx, "")
			if err != nil {
				return err
			}
			defer st.Close()
			srv, err := web.New(st, a.log)
			if err != nil {
				return err
			}
			q := url.Values{}
			for k, v := range map[string]string{"place": place, "type": typ, "section": section, "org_unit": orgUnit, "account": account} {
				if v != "" {
					q.Set(k, v)
				}
			}
			if top != 300 {
				q.Set("top", fmt.Sprint(top))
			}
			o := web.ReportOptions{BuyerID: buyerID, Year: year, Lang: lang, Query: q}
			var doc []byte
			if format == "pdf" {
				a.log.Info("printing the report to PDF with chromium")
				doc, err = srv.ReportPDF(ctx, o)
			} else {
				doc, err = srv.Report(ctx, o)
			}
			if err != nil {
				return err
			}
			if _, err := writeAtomic(out, func(w io.Writer) error { _, err := w.Write(doc); return err }); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "wrote %s (%s, %d bytes)\n", out, format, len(doc))
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&buyerID, "buyer", "", "buyer id (required)")
	fl.IntVar(&year, "year", 0, "the year (the calendar year its fiscal year starts in) (required)")
	fl.StringVar(&format, "format", "pdf", "pdf or html")
	fl.StringVarP(&out, "output", "o", "", "the file to write (required)")
	fl.StringVar(&lang, "lang", "nb", "language of the report: nb or en")
	fl.IntVar(&top, "top", 300, "N of the top-N suppliers")
	fl.StringVar(&orgUnit, "org-unit", "", "only one organisation unit")
	fl.StringVar(&account, "account-group", "", "only accounts starting with this")
	fl.StringVar(&typ, "type", "", "only one business type")
	fl.StringVar(&place, "place", "", "only one place band")
	fl.StringVar(&section, "section", "", "only one NACE section")
	cmd.MarkFlagRequired("buyer")
	cmd.MarkFlagRequired("year")
	cmd.MarkFlagRequired("output")
	return cmd
}
