import { commentLinks } from '../../text/index.ts';
import { decide } from '../decisions.ts';
import { isStaff, type Phase } from '../phase.ts';

export const newCommenterLinks: Phase = {
  name: 'new-commenter-links',
  run({ submission, writer, settings }) {
    if (isStaff(writer) || writer.approvedCount >= settings.linksNeedApproved) return null;
    const links = commentLinks(submission.body);
    return links.length > 0 ? decide('hold', 'NEW_COMMENTER_LINKS', { links: links.length }) : null;
  },
};
