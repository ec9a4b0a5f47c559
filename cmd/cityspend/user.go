// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/auth"
)

// readPassword reads the first line of a file ("-": standard input); with
// no file it makes a random password, which the caller prints once.
func readPassword(file string) (pw string, made bool, err error) {
	if file == "" {
		return auth.NewToken()[:20], true, nil
	}
	var r io.Reader = os.Stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return "", false, err
		}
		defer f.Close()
		r = f
	}
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", false, fmt.Errorf("password: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), false, nil
}

func (a *app) userCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "user", Short: "Manage the accounts that log in to serve: buyer staff and supplier users"}

	var u cityspend.User
	var buyer, role, pwFile string
	add := &cobra.Command{
		Use:   "add --email E --name N [--buyer ID --role admin|analyst|viewer | --supplier ID] [--installation-admin] [--password-file FILE|-]",
		Short: "Add a user (the first admin of a buyer, say)",
		Long: `Add a user who logs in at /login. Staff get a role at a buyer: viewer
(reads everything of the buyer, published or not), analyst (also decides:
categories, findings, payees, the plan, targets) or admin (also manages
users and publishing). A supplier's user names its supplier id instead.
An installation admin (--installation-admin) manages the installation in
the browser at /admin: its buyers and their first admins, and registers.
The password is read from the first line of --password-file ("-" for
standard input); without it a random password is made and printed once.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if (buyer == "") != (role == "") {
				return usageError{fmt.Errorf("give --buyer and --role together")}
			}
			if buyer != "" {
				u.Grants = []cityspend.Grant{{BuyerID: buyer, Role: role}}
			}
			if err := u.Validate(); err != nil {
				return usageError{err}
			}
			pw, made, err := readPassword(pwFile)
			if err != nil {
				return err
			}
			st, err := a.openStore(ctx, "")
			if err != nil {
				return err
			}
			defer st.Close()
			if buyer != "" {
				if _, err := st.Buyer(ctx, buyer); err != nil {
					return err
				}
			}
			id, err := auth.AddUser(ctx, st, u, pw)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "added user %d %s\n", id, u.Email)
			if made {
				fmt.Fprintf(a.stdout, "password: %s\n(shown once; change it with cityspend user password)\n", pw)
			}
			return nil
		},
	}
	f := add.Flags()
	f.StringVar(&u.Email, "email", "", "e-mail address, the login name (required)")
	f.StringVar(&u.Name, "name", "", "the person's name (required)")
	f.StringVar(&u.SupplierID, "supplier", "", "a supplier's user: the supplier id (org:NO-BRC:…)")
	f.StringVar(&buyer, "buyer", "", "the buyer the role is at")
	f.StringVar(&role, "role", "", "admin, analyst or viewer")
	f.StringVar(&pwFile, "password-file", "", `read the password from this file's first line ("-": standard input)`)
	f.BoolVar(&u.InstallationAdmin, "installation-admin", false, "an installation admin: manages buyers, their first admins and registers at /admin (no role at any buyer)")
	add.MarkFlagRequired("email")
	add.MarkFlagRequired("name")

	var asJSON bool
	list := &cobra.Command{
		Use:   "list [--json]",
		Short: "List the users and their roles",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openStore(cmd.Context(), "")
			if err != nil {
				return err
			}
			defer st.Close()
			us, err := st.Users(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				if us == nil {
					us = []cityspend.User{}
				}
				return json.NewEncoder(a.stdout).Encode(us)
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tE-MAIL\tNAME\tROLES\tSTATUS")
			for _, u := range us {
				var roles []string
				for _, g := range u.Grants {
					roles = append(roles, g.Role+"@"+g.BuyerID)
				}
				if u.SupplierID != "" {
					roles = append(roles, "supplier "+u.SupplierID)
				}
				if u.InstallationAdmin {
					roles = append(roles, "installation-admin")
				}
				status := "active"
				if u.Disabled {
					status = "disabled"
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", u.ID, u.Email, u.Name, strings.Join(roles, " "), status)
			}
			return tw.Flush()
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")

	var gBuyer, gRole string
	var gInstallation bool
	grant := &cobra.Command{
		Use:   "grant EMAIL (--buyer ID --role admin|analyst|viewer|none | --installation [--role none])",
		Short: "Give a user a role at a buyer, or make them an installation admin (none takes it away)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if gInstallation {
				if gBuyer != "" || (gRole != "" && gRole != "none") {
					return usageError{fmt.Errorf("--installation takes no --buyer, and --role none only")}
				}
				on := gRole != "none"
				return a.withUser(cmd.Context(), args[0], func(st cityspend.Store, u cityspend.User) error {
					if on && u.SupplierID != "" {
						return cityspend.Errorf(cityspend.EINVALID, "%s is a supplier's user: not an installation admin", u.Email)
					}
					if err := st.SetInstallationAdmin(cmd.Context(), u.ID, on); err != nil {
						return err
					}
					if on {
						fmt.Fprintf(a.stdout, "%s: installation admin\n", u.Email)
					} else {
						fmt.Fprintf(a.stdout, "%s: no longer installation admin\n", u.Email)
					}
					return nil
				})
			}
			if gBuyer == "" || gRole == "" {
				return usageError{fmt.Errorf("give --buyer and --role, or --installation")}
			}
			r := gRole
			if r == "none" {
				r = ""
			}
			return a.withUser(cmd.Context(), args[0], func(st cityspend.Store, u cityspend.User) error {
				if err := st.SetGrant(cmd.Context(), u.ID, gBuyer, r); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "%s: %s at %s\n", u.Email, gRole, gBuyer)
				return nil
			})
		},
	}
	grant.Flags().StringVar(&gBuyer, "buyer", "", "buyer id")
	grant.Flags().StringVar(&gRole, "role", "", "admin, analyst, viewer or none")
	grant.Flags().BoolVar(&gInstallation, "installation", false, "make the user an installation admin (with --role none: no longer)")

	var pPwFile string
	password := &cobra.Command{
		Use:   "password EMAIL [--password-file FILE|-]",
		Short: "Set a user's password (ends the user's sessions)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			pw, made, err := readPassword(pPwFile)
			if err != nil {
				return err
			}
			return a.withUser(cmd.Context(), args[0], func(st cityspend.Store, u cityspend.User) error {
				if err := auth.SetPassword(cmd.Context(), st, u.ID, pw); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "password of %s changed; its sessions ended\n", u.Email)
				if made {
					fmt.Fprintf(a.stdout, "password: %s\n", pw)
				}
				return nil
			})
		},
	}
	password.Flags().StringVar(&pPwFile, "password-file", "", `read the password from this file's first line ("-": standard input)`)

	var enable bool
	disable := &cobra.Command{
		Use:   "disable EMAIL [--enable]",
		Short: "Stop a user from logging in (ends its sessions), or let it again",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withUser(cmd.Context(), args[0], func(st cityspend.Store, u cityspend.User) error {
				if err := st.SetDisabled(cmd.Context(), u.ID, !enable); err != nil {
					return err
				}
				if !enable {
					if err := st.DeleteSessions(cmd.Context(), u.ID); err != nil {
						return err
					}
				}
				fmt.Fprintf(a.stdout, "%s: disabled=%v\n", u.Email, !enable)
				return nil
			})
		},
	}
	disable.Flags().BoolVar(&enable, "enable", false, "let the user log in again")
	var tName, tScope string
	var tTTL time.Duration
	token := &cobra.Command{
		Use:   "token EMAIL [--name N] [--scope read|write] [--expires 90d]",
		Short: "Make an API token for a machine client of a user (shown once)",
		Long: `Make an API token for a machine client (a script, a data warehouse): it acts
as the user, limited to reading (--scope read: GET requests only) or to
everything the user may do (--scope write), until it expires. Send it as
"Authorization: Bearer TOKEN"; no form token is needed. The store keeps only
its hash. List with "user tokens", revoke with "user revoke-token".`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withUser(cmd.Context(), args[0], func(st cityspend.Store, u cityspend.User) error {
				raw, t, err := auth.NewAPIToken(cmd.Context(), st, u.ID, tName, tScope, tTTL, time.Now().UTC())
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "token %d for %s (%s, until %s):\n%s\n", t.ID, u.Email, t.Scope, t.ExpiresAt.Format("2006-01-02"), raw)
				return nil
			})
		},
	}
	token.Flags().StringVar(&tName, "name", "", "what the token is for")
	token.Flags().StringVar(&tScope, "scope", cityspend.ScopeRead, "read or write")
	token.Flags().DurationVar(&tTTL, "expires", 90*24*time.Hour, "how long the token lives (at most 400 days)")
	tokens := &cobra.Command{
		Use:   "tokens EMAIL",
		Short: "List a user's API tokens",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withUser(cmd.Context(), args[0], func(st cityspend.Store, u cityspend.User) error {
				ts, err := st.Tokens(cmd.Context(), u.ID)
				if err != nil {
					return err
				}
				tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tNAME\tSCOPE\tCREATED\tEXPIRES")
				for _, t := range ts {
					fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.Scope, t.CreatedAt.Format("2006-01-02"), t.ExpiresAt.Format("2006-01-02"))
				}
				return tw.Flush()
			})
		},
	}
	revoke := &cobra.Command{
		Use:   "revoke-token ID",
		Short: "Revoke an API token",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				return usageError{fmt.Errorf("token id %q is not a number", args[0])}
			}
			st, err := a.openStore(cmd.Context(), "")
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.DeleteToken(cmd.Context(), id); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "token %d revoked\n", id)
			return nil
		},
	}
	cmd.AddCommand(add, list, grant, password, disable, token, tokens, revoke)
	return cmd
}

// withUser opens the store and finds a user by e-mail.
func (a *app) withUser(ctx context.Context, email string, fn func(cityspend.Store, cityspend.User) error) error {
	st, err := a.openStore(ctx, "")
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := st.UserByEmail(ctx, email)
	if err != nil {
		return err
	}
	return fn(st, u)
}

func (a *app) buyerPublishCommand() *cobra.Command {
	var off bool
	cmd := &cobra.Command{
		Use:   "publish ID [--off]",
		Short: "Publish a buyer's indicators and dashboards to anyone (or stop)",
		Long: `A buyer that publishes shows its dashboards, indicators, climate page,
strategy and annual report to anyone, as UK councils publish their spend.
Findings, unpublished plan items, review queues, payee decisions, lines,
suppliers' pages and contracts stay for the buyer's staff. Published plan
items are always public on /public/ID/pipeline. A buyer that publishes is
compared with the others that do on /benchmarks (its figures, and its rate
of findings per 100 million, never the findings).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, _, err := a.openBuyer(cmd.Context(), args[0], "")
			if err != nil {
				return err
			}
			defer st.Close()
			say := "publishes"
			if off {
				say = "does not publish"
			}
			if err := auth.SetPublishes(cmd.Context(), st, args[0], !off); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "buyer %s %s its dashboards\n", args[0], say)
			return nil
		},
	}
	cmd.Flags().BoolVar(&off, "off", false, "stop publishing")
	return cmd
}

func (a *app) auditCommand() *cobra.Command {
	var buyer string
	var limit int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "audit [--buyer ID] [--limit N] [--json]",
		Short: "Show the audit log: logins, logouts and every change made through the server, newest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openStore(cmd.Context(), "")
			if err != nil {
				return err
			}
			defer st.Close()
			es, err := st.AuditLog(cmd.Context(), buyer, limit)
			if err != nil {
				return err
			}
			if asJSON {
				if es == nil {
					es = []cityspend.AuditEntry{}
				}
				return json.NewEncoder(a.stdout).Encode(es)
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "AT\tWHO\tACTION\tBUYER\tSTATUS\tFROM\tVIA")
			for _, e := range es {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", e.At.Format(time.RFC3339), e.Who, e.Action, e.BuyerID, e.Status, e.Addr, e.Via)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&buyer, "buyer", "", "only the entries about this buyer")
	cmd.Flags().IntVar(&limit, "limit", 100, "at most this many entries")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
