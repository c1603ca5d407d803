/** Machine access and publication (issue 19): API keys of other systems and what the public pages publish. */
import { issueApiKey, listApiKeys, revokeApiKey, ZApiKeyIssue } from '@cchc/core/integrations/api-keys';
import { answerChallenge, listChallenges, ZChallengeAnswer } from '@cchc/core/integrations/challenges';
import { publicationSettings, savePublicationSettings, ZPublicationSettings } from '@cchc/core/integrations/publication';
import { z } from 'zod';
import { router, signedInProcedure } from '../trpc';

export const integrationsRouter = router({
  apiKeys: signedInProcedure.query(({ ctx }) => listApiKeys(ctx.db)),
  /** The key is in this answer and nowhere else, ever. */
  issueApiKey: signedInProcedure.input(ZApiKeyIssue).mutation(({ ctx, input }) => issueApiKey(ctx.db, ctx.actor, input)),
  revokeApiKey: signedInProcedure
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => revokeApiKey(ctx.db, ctx.actor, input.id)),
  /** Citizens' challenges to procedures under review: the reviewing agency's (its sub-agencies'), or all for coordinators. */
  challenges: signedInProcedure.query(({ ctx }) => listChallenges(ctx.db, ctx.actor, ctx.clock)),
  answerChallenge: signedInProcedure
    .input(ZChallengeAnswer)
    .mutation(({ ctx, input }) => answerChallenge(ctx.db, ctx.actor, ctx.clock, input)),
  publication: signedInProcedure.query(({ ctx }) => publicationSettings(ctx.db)),
  savePublication: signedInProcedure.input(ZPublicationSettings).mutation(async ({ ctx, input }) => {
    await savePublicationSettings(ctx.db, ctx.actor, input);
    return { ok: true as const };
  }),
});
