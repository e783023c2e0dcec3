// A publication refused or impossible: the message is one line saying why, and no branch moved.
import { LabError } from '../errors.ts';

export class PublishError extends LabError {}
