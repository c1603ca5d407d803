import { cachedByVersion } from '@cchc/core/data-version';
import { heavyRead } from '@cchc/core/heavy-reads';
import {
  componentItems,
  getRun,
  listRuns,
  previewScheme,
  queueScoreRun,
  rankings,
  scorecard,
  ZRunCreate,
} from '@cchc/core/scores/runs';
import { listSchemes, saveScheme, ZSchemeBody, ZSchemeSave } from '@cchc/core/scores/schemes';
import { SCORE_COMPONENT_KEYS } from '@cchc/domain/scores/scheme';
import { z } from 'zod';
import { router, signedInProcedure } from '../trpc';

/** Rankings and runs: the province's coordinators. Scheme: the Sở Nội vụ. Scorecards: everyone, agency-scoped to their own. */
/** What a ranking and a scorecard read. */
const RANKING_TABLES = ['agency', 'score_scheme', 'score_run', 'score_result'] as const;

export const scoresRouter = router({
  schemes: signedInProcedure.query(({ ctx }) => listSchemes(ctx.db)),
  saveScheme: signedInProcedure.input(ZSchemeSave).mutation(({ ctx, input }) => saveScheme(ctx.db, ctx.actor, input)),
  previewScheme: signedInProcedure
    .input(z.object({ runId: z.uuid(), scheme: ZSchemeBody }))
    .mutation(({ ctx, input }) => previewScheme(ctx.db, input.runId, input.scheme)),
  compute: signedInProcedure.input(ZRunCreate).mutation(({ ctx, input }) => queueScoreRun(ctx.db, ctx.actor, input)),
  runs: signedInProcedure.query(({ ctx }) => listRuns(ctx.db)),
  run: signedInProcedure.input(z.object({ id: z.uuid() })).query(({ ctx, input }) => getRun(ctx.db, input.id)),
  rankings: signedInProcedure
    .input(z.object({ runId: z.uuid(), compareRunId: z.uuid().nullish() }))
    // The same for every coordinator: computed once per version of the runs, results and agencies.
    .query(({ ctx, input }) =>
      cachedByVersion(ctx.db, RANKING_TABLES, `scores.rankings|${input.runId}|${input.compareRunId ?? ''}`, () =>
        heavyRead(() => rankings(ctx.db, input.runId, input.compareRunId)),
      ),
    ),
  scorecard: signedInProcedure
    .input(z.object({ agencyId: z.uuid().nullish(), runId: z.uuid().nullish() }))
    // The landing page of every agency head: cached per version of the runs, results and agencies (the
    // agency tree decides who may see which card, so the viewer is part of the key).
    .query(({ ctx, input }) =>
      cachedByVersion(
        ctx.db,
        RANKING_TABLES,
        `scores.scorecard|${ctx.actor.role}|${ctx.actor.agencyId}|${input.agencyId ?? ''}|${input.runId ?? ''}`,
        () => scorecard(ctx.db, ctx.actor, input),
      ),
    ),
  componentItems: signedInProcedure
    .input(z.object({ runId: z.uuid(), agencyId: z.uuid(), key: z.enum(SCORE_COMPONENT_KEYS) }))
    .query(({ ctx, input }) => componentItems(ctx.db, ctx.actor, input, ctx.clock)),
});
