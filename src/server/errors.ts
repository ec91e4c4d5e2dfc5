// The error bodies the Experience API answers with: `{ type, message }` and an HTTP status.

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }

  toBody(): { type: string; message: string } {
    return { type: this.type, message: this.message };
  }
}

export const validationError = (message: string) => new ApiError(400, 'Validation', message);
export const notFound = (message: string) => new ApiError(404, 'NotFound', message);
export const alreadyExists = (message: string) => new ApiError(400, 'AlreadyExists', message);
