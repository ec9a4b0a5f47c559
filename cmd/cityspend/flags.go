// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/redflags"
)

func (a *app) flagsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "flags",
		Short: "Procurement red flags",
	}
	cmd.AddCommand(a.flagsOCDSCommand())
	return cmd
}

func (a *app) flagsOCDSCommand() *cobra.Command {
	var settingsPath string
	var noMeta bool
	var workers int
	cmd := &cobra.Command{
		Use:   "ocds [--settings FILE] [--no-meta] FILE",
		Short: "Red flags from OCDS compiled releases (one JSON object per line), as ocdscardinal calculates them",
		Long: `Read OCDS compiled releases, one JSON object per line (FILE may be - for
standard input), and print the red-flag indicators of ocdscardinal as one
JSON object: "OCID", "Buyer", "ProcuringEntity" and "Tenderer" map
identifiers to indicator codes to values; "Meta" (unless --no-meta) holds the
quartiles and fences used.

The settings file is ocdscardinal's INI file: a section turns an indicator
on ([R003], [R018], [R024], [R025], [R028], [R030], [R035], [R036], [R038],
[R048], [R058]), keys in it tune it, global keys (currency,
no_price_comparison_procurement_methods,
price_comparison_procurement_methods) and [exclusions]
procurement_method_details apply to all. Without --settings no indicator is
on.

Lines that are not valid JSON, not objects, or have no ocid are skipped with
a warning naming the line.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			settings := &redflags.Settings{}
			if settingsPath != "" {
				s, err := redflags.LoadSettings(settingsPath)
				if err != nil {
					return cityspend.Errorf(cityspend.EINVALID, "%v", err)
				}
				settings = s
			}
			for _, w := range settings.Warnings {
				a.flagsWarn(w)
			}
			if len(settings.Enabled()) == 0 {
				a.flagsWarn("no indicator is enabled: name them as sections in a --settings file, e.g. [R024]")
			}
			var in io.Reader
			if args[0] == "-" {
				in = os.Stdin
			} else {
				f, err := os.Open(args[0])
				if err != nil {
					return cityspend.Errorf(cityspend.EINVALID, "%v", err)
				}
				defer f.Close()
				if st, err := f.Stat(); err == nil && st.IsDir() {
					return cityspend.Errorf(cityspend.EINVALID, "%s: is a directory, not a file", args[0])
				}
				in = f
			}
			res, err := redflags.Run(cmd.Context(), in, settings, redflags.Options{
				Workers: workers,
				Warn: func(line int64, reason string) {
					if line > 0 {
						a.flagsWarn(fmt.Sprintf("line %d skipped: %s", line, reason))
					} else {
						a.flagsWarn(reason)
					}
				},
			})
			if err != nil {
				return fmt.Errorf("reading %s: %w", args[0], err)
			}
			return res.WriteJSON(a.stdout, !noMeta)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&settingsPath, "settings", "s", "", "the settings file (INI), which enables indicators")
	fl.BoolVar(&noMeta, "no-meta", false, `leave out the "Meta" key (quartiles and fences)`)
	fl.IntVar(&workers, "workers", 0, "goroutines decoding releases; default: all cores")
	return cmd
}

// flagsWarn logs a warning, or writes it to stderr when no logger is set up.
func (a *app) flagsWarn(msg string) {
	if a.log != nil {
		a.log.Warn(msg)
		return
	}
	fmt.Fprintln(a.stderr, "warning:", strings.TrimSpace(msg))
}
