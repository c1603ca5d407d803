/** The annual PAR Index (core/par/service.ts); who may do what is in domain/access.ts ('par.*'). */

import {
  appraiseParAssessment,
  contestParAssessment,
  currentParScheme,
  decideParContest,
  getParAssessment,
  importParSurvey,
  openParYear,
  parYearResults,
  publishParYear,
  saveParEntry,
  saveParScheme,
  submitParAssessment,
  ZParAdjust,
  ZParContest,
  ZParEntrySave,
  ZParSurveyImport,
  ZParYearOpen,
} from '@cchc/core/par/service';
import type { ParTargetKind } from '@cchc/db/schema';
import type { CriteriaTree } from '@cchc/domain/par/criteria';
import { z } from 'zod';
import { router, signedInProcedure } from '../trpc';

const ZKind = z.enum(['department', 'commune']);

export const parRouter = router({
  schemes: signedInProcedure
    .input(z.object({ kind: ZKind }))
    .query(({ ctx, input }) => currentParScheme(ctx.db, ctx.actor, input.kind)),
  saveScheme: signedInProcedure
    // The tree's shape is checked by the domain (criteriaProblems) with every problem named.
    .input(
      z.object({
        kind: ZKind,
        name: z.string().trim().min(1).max(300),
        tree: z.custom<CriteriaTree>(
          (v) =>
            typeof v === 'object' &&
            v !== null &&
            Array.isArray((v as CriteriaTree).fields) &&
            Array.isArray((v as CriteriaTree).groups),
        ),
      }),
    )
    .mutation(({ ctx, input }) =>
      saveParScheme(ctx.db, ctx.actor, { kind: input.kind as ParTargetKind, name: input.name, tree: input.tree }),
    ),
  openYear: signedInProcedure.input(ZParYearOpen).mutation(({ ctx, input }) => openParYear(ctx.db, ctx.actor, input)),
  years: signedInProcedure.query(({ ctx }) =>
    ctx.db
      .selectFrom('parYear')
      .select(['id', 'year', 'targetKind', 'selfDue', 'contestWorkingDays', 'publishedAt'])
      .orderBy('year', 'desc')
      .orderBy('targetKind')
      .execute(),
  ),
  results: signedInProcedure
    .input(z.object({ yearId: z.uuid() }))
    .query(({ ctx, input }) => parYearResults(ctx.db, input.yearId)),
  /** The agency's own assessments, newest year first. */
  mine: signedInProcedure.query(({ ctx }) =>
    ctx.db
      .selectFrom('parAssessment as a')
      .innerJoin('parYear as y', 'y.id', 'a.yearId')
      .select(['a.id', 'y.year', 'y.targetKind', 'y.selfDue', 'a.state', 'a.index', 'a.grade', 'a.rank', 'a.contestDue'])
      .where('a.agencyId', '=', ctx.actor.agencyId)
      .orderBy('y.year', 'desc')
      .execute(),
  ),
  assessment: signedInProcedure
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => getParAssessment(ctx.db, ctx.actor, input.id, ctx.clock)),
  saveEntry: signedInProcedure.input(ZParEntrySave).mutation(({ ctx, input }) => saveParEntry(ctx.db, ctx.actor, input)),
  submit: signedInProcedure
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => submitParAssessment(ctx.db, ctx.actor, ctx.clock, input.id)),
  appraise: signedInProcedure
    .input(ZParAdjust)
    .mutation(({ ctx, input }) => appraiseParAssessment(ctx.db, ctx.actor, ctx.clock, input)),
  contest: signedInProcedure
    .input(ZParContest)
    .mutation(({ ctx, input }) => contestParAssessment(ctx.db, ctx.actor, ctx.clock, input)),
  decide: signedInProcedure.input(ZParAdjust).mutation(({ ctx, input }) => decideParContest(ctx.db, ctx.actor, ctx.clock, input)),
  importSurvey: signedInProcedure.input(ZParSurveyImport).mutation(({ ctx, input }) => importParSurvey(ctx.db, ctx.actor, input)),
  publish: signedInProcedure
    .input(z.object({ yearId: z.uuid() }))
    .mutation(({ ctx, input }) => publishParYear(ctx.db, ctx.actor, ctx.clock, input.yearId)),
});
