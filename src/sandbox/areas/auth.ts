import { route, type SandboxArea } from '../router.js';

/** GET /auth/session: the signed-in user and team (the API answers null when nobody is signed in). */
export const auth: SandboxArea = {
  routes: [
    route('GET', '/auth/session', (_req, store) => ({
      team: {
        analyticsId: 48213,
        id: store.team.id,
        isPrivate: false,
        maxMachines: 20,
        namespace: store.team.handle,
      },
      user: {
        analyticsId: 90417,
        dtConfirmed: '2024-03-02T10:15:22.000Z',
        dtCreated: '2024-03-02T10:12:01.000Z',
        email: store.user.email,
        firstName: store.user.firstName,
        id: store.user.id,
        isPasswordAuthEnabled: true,
        isPhoneVerified: false,
        isQrCodeBasedMfaConfirmed: false,
        isQrCodeBasedMfaEnabled: false,
        lastName: store.user.lastName,
        metadata: { graphcoreTermsAccepted: false },
        teamMemberships: [
          { isAdmin: true, isOwner: true, team: { id: store.team.id, name: store.team.name } },
        ],
      },
    })),
  ],
};
